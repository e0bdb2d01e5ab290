package netcompress.onnx.ops;

import ai.onnx.proto.OnnxMl.NodeProto;

import java.util.List;

/**
 * Everything the project knows about one ONNX op (or a family of ops with one meaning), answered
 * once: output shapes, the role of each input slot, integer values it computes from shapes, MACs and
 * structural checks. Shape inference, the parameter count, the checker, BN folding, quantization, the
 * pruner's channel rules and the trainer's kernels all look kinds up in {@link Ops}.
 */
public interface OpKind {
    /** The standard-domain op types this kind answers for. */
    List<String> opTypes();

    /** How many inputs an op of this kind takes at most (variadic ops: the common two). */
    default int maxInputs(String opType) {
        return 1;
    }

    /** The role of input {@code slot}; operands are {@link SlotRole#DATA}. */
    default SlotRole role(NodeProto n, int slot) {
        return SlotRole.DATA;
    }

    /**
     * One shape per output of the node (null for an output it cannot tell, or an omitted one).
     * Throws {@link ShapeNotInferable} for what is only known at run time; a plain bad input when
     * the node contradicts itself (a weight that does not fit its input).
     */
    long[][] shapes(NodeContext c);

    /** False for ops whose output shape is left to ONNX Runtime (what follows them is unknown to the static tools). */
    default boolean infersShapes() {
        return true;
    }

    /** The integer elements of output 0 when they are known before run time (shape arithmetic), else null. */
    default IntValue value(NodeContext c) {
        return null;
    }

    /**
     * Output shapes from the constants alone, when a data input's shape is unknown (lenient
     * inference): a Conv's output channels come from its weight. Null entries where nothing is known.
     */
    default long[][] fromConstants(NodeContext c) {
        return new long[c.node().getOutputCount()][];
    }

    /** Multiply-accumulates per forward pass at the inferred shapes (0 for ops without weights). */
    default long macs(NodeContext c) {
        return 0;
    }

    /** Structural problems beyond what shapes catch (parameter types and sizes). */
    default void validate(NodeContext c, List<String> problems) {
    }
}
