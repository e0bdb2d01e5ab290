package netcompress.onnx.ops.kinds;

import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;

import java.util.List;

/** Shape (with opset 15's start/end): the input's dims as a 1-D int64 tensor, each element tied to its dim. */
public final class ShapeOp implements OpKind {
    @Override
    public List<String> opTypes() {
        return List.of("Shape");
    }

    private static long[] range(NodeContext c, int rank) {
        long start = Attributes.getInt(c.node(), "start", 0);
        long end = Attributes.getInt(c.node(), "end", rank);
        long[] r = SliceOp.range(rank, start, end, 1);
        return new long[] {r[0], r[1]};
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] r = range(c, c.in(0).length);
        return Dims.one(new long[] {r[1] - r[0]});
    }

    @Override
    public IntValue value(NodeContext c) {
        long[] x = c.in(0);
        long[] r = range(c, x.length);
        int n = (int) (r[1] - r[0]);
        long[] v = new long[n];
        IntValue.Source[] s = new IntValue.Source[n];
        for (int i = 0; i < n; i++) {
            int axis = (int) r[0] + i;
            v[i] = x[axis] == Dims.UNKNOWN ? IntValue.UNKNOWN : x[axis];
            s[i] = new IntValue.Source(c.node().getInput(0), axis);
        }
        return new IntValue(v, s);
    }
}
