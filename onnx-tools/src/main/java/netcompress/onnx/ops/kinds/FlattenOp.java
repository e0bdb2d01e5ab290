package netcompress.onnx.ops.kinds;

import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;

import java.util.List;

/** Flatten: a 2-D [prod(dims before axis), prod(dims from axis)]. */
public final class FlattenOp implements OpKind {
    @Override
    public List<String> opTypes() {
        return List.of("Flatten");
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        long a = Attributes.getInt(c.node(), "axis", 1);
        int axis = (int) (a < 0 ? a + x.length : a);
        return Dims.one(new long[] {Dims.product(x, 0, axis), Dims.product(x, axis, x.length)});
    }
}
