package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.ArrayList;
import java.util.List;

/**
 * Unsqueeze and Squeeze: size-1 axes inserted or removed, axes as attribute (opset < 13) or input.
 * Their elements do not change, so a shape value passes through.
 */
public final class AxesOp implements OpKind {
    private final boolean unsqueeze;

    private AxesOp(boolean unsqueeze) {
        this.unsqueeze = unsqueeze;
    }

    public static AxesOp unsqueeze() {
        return new AxesOp(true);
    }

    public static AxesOp squeeze() {
        return new AxesOp(false);
    }

    @Override
    public int maxInputs(String opType) {
        return 2;
    }

    @Override
    public List<String> opTypes() {
        return List.of(unsqueeze ? "Unsqueeze" : "Squeeze");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return SlotRole.operandThenShapes(slot);
    }

    private static long[] axes(NodeContext c) {
        return c.has(1) ? c.ints(1) : Attributes.getInts(c.node(), "axes");
    }

    /** The output shape of the node on an input of shape {@code x}. */
    public long[] output(NodeContext c, long[] x) {
        long[] axes = axes(c);
        if (unsqueeze) {
            if (axes == null) {
                throw new BadInputException("Unsqueeze " + c.describe() + " has no axes");
            }
            int rank = x.length + axes.length;
            boolean[] inserted = new boolean[rank];
            for (long a : axes) {
                inserted[Dims.axis(a, rank, c)] = true;
            }
            long[] o = new long[rank];
            for (int i = 0, k = 0; i < rank; i++) {
                o[i] = inserted[i] ? 1 : x[k++];
            }
            return o;
        }
        boolean[] removed = new boolean[x.length];
        if (axes == null) {
            for (int i = 0; i < x.length; i++) {
                removed[i] = x[i] == 1;
            }
        } else {
            for (long a : axes) {
                int i = Dims.axis(a, x.length, c);
                if (x[i] != 1 && x[i] != Dims.UNKNOWN) {
                    throw new BadInputException("Squeeze " + c.describe() + ": axis " + i + " has size " + x[i]);
                }
                removed[i] = true;
            }
        }
        List<Long> o = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!removed[i]) {
                o.add(x[i]);
            }
        }
        return o.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public long[][] shapes(NodeContext c) {
        return Dims.one(output(c, c.in(0)));
    }

    @Override
    public IntValue value(NodeContext c) {
        return c.value(0);
    }
}
