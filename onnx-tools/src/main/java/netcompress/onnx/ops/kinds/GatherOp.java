package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.List;

/** Gather on one axis: the axis is replaced by the indices' shape (a scalar index drops it). */
public final class GatherOp implements OpKind {
    @Override
    public int maxInputs(String opType) {
        return 2;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Gather");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return SlotRole.operandThenShapes(slot);
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        long[] idx = c.in(1);
        int axis = Dims.axis(Attributes.getInt(c.node(), "axis", 0), x.length, c);
        long[] o = new long[x.length - 1 + idx.length];
        int k = 0;
        for (int i = 0; i < axis; i++) {
            o[k++] = x[i];
        }
        for (long d : idx) {
            o[k++] = d;
        }
        for (int i = axis + 1; i < x.length; i++) {
            o[k++] = x[i];
        }
        return Dims.one(o);
    }

    @Override
    public IntValue value(NodeContext c) {
        IntValue data = c.value(0);
        IntValue idx = c.value(1);
        long[] shape = c.known(0);
        if (data == null || idx == null || !idx.fullyKnown() || shape == null || shape.length != 1) {
            return null;
        }
        return data.pick(idx.values());
    }
}
