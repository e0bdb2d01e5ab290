package netcompress.onnx.ops.kinds;

import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;

import java.util.List;

/** Transpose by {@code perm} (default: reverse the axes). */
public final class TransposeOp implements OpKind {
    @Override
    public List<String> opTypes() {
        return List.of("Transpose");
    }

    /** The permutation of a node on a rank-{@code rank} input. */
    public static int[] perm(NodeContext c, int rank) {
        long[] p = Attributes.getInts(c.node(), "perm");
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = p == null ? rank - 1 - i : Dims.axis(p[i], rank, c);
        }
        return out;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        int[] perm = perm(c, x.length);
        long[] o = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            o[i] = x[perm[i]];
        }
        return Dims.one(o);
    }
}
