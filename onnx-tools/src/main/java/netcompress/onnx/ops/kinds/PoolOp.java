package netcompress.onnx.ops.kinds;

import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.ShapeNotInferable;

import java.util.List;

/** MaxPool and AveragePool over 2-D windows, and the global pools that reduce H and W to 1. */
public final class PoolOp implements OpKind {
    private final boolean global;

    private PoolOp(boolean global) {
        this.global = global;
    }

    public static PoolOp windowed() {
        return new PoolOp(false);
    }

    public static PoolOp global() {
        return new PoolOp(true);
    }

    @Override
    public List<String> opTypes() {
        return global ? List.of("GlobalAveragePool", "GlobalMaxPool") : List.of("MaxPool", "AveragePool");
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        if (global) {
            long[] o = Dims.copy(x);
            for (int i = 2; i < o.length; i++) {
                o[i] = 1;
            }
            return Dims.one(o);
        }
        long[] k = Attributes.getInts(c.node(), "kernel_shape");
        if (x.length != 4 || k == null || k.length != 2) {
            throw new ShapeNotInferable(c.node().getOpType() + " " + c.describe() + " needs 4-D input and a 2-D kernel_shape");
        }
        long[] hw = Window.spatial(c, x, k);
        // MaxPool's optional second output holds indices of the same shape
        long[][] out = new long[c.node().getOutputCount()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new long[] {x[0], x[1], hw[0], hw[1]};
        }
        return out;
    }
}
