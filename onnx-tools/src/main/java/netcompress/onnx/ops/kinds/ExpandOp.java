package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.ShapeNotInferable;
import netcompress.onnx.ops.SlotRole;

import java.util.List;

/** Expand: broadcast the input to a (constant or computed) shape. */
public final class ExpandOp implements OpKind {
    @Override
    public int maxInputs(String opType) {
        return 2;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Expand");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return SlotRole.operandThenShapes(slot);
    }

    /** The shape input as dims (a symbolic element becomes UNKNOWN). */
    public static long[] target(NodeContext c) {
        IntValue v = c.value(1);
        if (v == null) {
            throw new ShapeNotInferable("Expand " + c.describe() + ": its shape is computed at run time");
        }
        long[] d = v.values().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] == IntValue.UNKNOWN ? Dims.UNKNOWN : d[i];
        }
        return d;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        return Dims.one(Dims.broadcast(c.in(0), target(c), c));
    }
}
