package netcompress.onnx.ops;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.GraphIndex;

/** What an {@link OpKind} may read about one node while shapes are inferred: input shapes and known integer values. */
public interface NodeContext {
    NodeProto node();

    GraphIndex index();

    /** Whether input {@code slot} is given (not omitted). */
    default boolean has(int slot) {
        return slot < node().getInputCount() && !node().getInput(slot).isEmpty();
    }

    /** The shape of input {@code slot}; a {@link ShapeNotInferable} when it is unknown, a bad input when omitted. */
    long[] in(int slot);

    /** The shape of input {@code slot}, or null when it is omitted or unknown. */
    long[] known(int slot);

    /** The shape of output {@code k} once inferred (for MACs and validation), or null. */
    long[] out(int k);

    /** The integer value of input {@code slot} (a constant or evaluated shape arithmetic), or null. */
    IntValue value(int slot);

    /** The constant tensor at input {@code slot} (initializer or Constant node, through Identity), or null. */
    default TensorProto constant(int slot) {
        return has(slot) ? index().constantValue(node().getInput(slot)) : null;
    }

    /** The integer value of input {@code slot}, every element known; refuses anything else. */
    default long[] ints(int slot) {
        IntValue v = has(slot) ? value(slot) : null;
        if (v == null || !v.fullyKnown()) {
            throw new ShapeNotInferable(node().getOpType() + " " + GraphIndex.describe(node()) + ": input " + slot
                    + (v == null ? " is computed at run time" : " depends on the symbolic batch size " + v));
        }
        return v.values();
    }

    default String describe() {
        return GraphIndex.describe(node());
    }
}
