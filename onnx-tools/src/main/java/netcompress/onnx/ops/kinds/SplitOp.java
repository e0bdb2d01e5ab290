package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.Arrays;
import java.util.List;

import static netcompress.onnx.ops.Dims.UNKNOWN;

/**
 * Split (torch.split / torch.chunk): part sizes from input 1 (opset 13+), the attribute {@code split}
 * (opset < 13) or, when neither is given, equal parts (opset 18's num_outputs: the last part is
 * smaller when the axis does not divide; before it ONNX Runtime refuses uneven parts).
 */
public final class SplitOp implements OpKind {
    @Override
    public int maxInputs(String opType) {
        return 2;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Split");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return SlotRole.operandThenShapes(slot);
    }

    @Override
    public long[][] shapes(NodeContext c) {
        NodeProto n = c.node();
        long[] x = c.in(0);
        int parts = n.getOutputCount();
        long a = Attributes.getInt(n, "axis", 0);
        if (parts == 0) {
            throw new BadInputException("Split " + c.describe() + " has no outputs");
        }
        int axis = Dims.axis(a, x.length, c);
        long dim = x[axis];
        long[] sizes = sizes(c, dim);
        long[][] out = new long[parts][];
        for (int k = 0; k < parts; k++) {
            out[k] = Dims.copy(x);
            out[k][axis] = sizes == null ? UNKNOWN : sizes[k];
        }
        return out;
    }

    /** The part sizes of a Split over an axis of {@code dim} (UNKNOWN allowed), or null when they are equal parts of an unknown dim. */
    public static long[] sizes(NodeContext c, long dim) {
        NodeProto n = c.node();
        int parts = n.getOutputCount();
        long[] sizes = c.has(1) ? c.ints(1) : Attributes.getInts(n, "split");
        if (sizes == null && Attributes.getInt(n, "num_outputs", parts) != parts) {
            throw new BadInputException("Split " + c.describe() + ": num_outputs differs from its " + parts + " outputs");
        }
        if (sizes == null && dim != UNKNOWN) {
            if (dim % parts != 0 && Attributes.find(n, "num_outputs") == null) {
                throw new BadInputException("Split " + c.describe() + ": " + dim + " does not split into " + parts + " equal parts");
            }
            sizes = equalParts(dim, parts);
            if (sizes[parts - 1] <= 0) {
                throw new BadInputException("Split " + c.describe() + ": " + dim + " into " + parts + " parts leaves the last one empty");
            }
        }
        if (sizes != null && (sizes.length != parts || Arrays.stream(sizes).anyMatch(s -> s < 0)
                || (dim != UNKNOWN && Arrays.stream(sizes).sum() != dim))) {
            throw new BadInputException("Split " + c.describe() + ": sizes " + Arrays.toString(sizes) + " do not split "
                    + (dim == UNKNOWN ? "the axis" : dim) + " into " + parts + " parts");
        }
        return sizes;
    }

    /** ONNX's equal split: parts of ceil(dim / parts), the last one smaller when it does not divide. */
    public static long[] equalParts(long dim, int parts) {
        long chunk = (dim + parts - 1) / parts;
        long[] sizes = new long[parts];
        Arrays.fill(sizes, chunk);
        sizes[parts - 1] = dim - chunk * (parts - 1);
        return sizes;
    }
}
