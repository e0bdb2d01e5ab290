package netcompress.onnx.ops.kinds;

import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;

import java.util.List;

import static netcompress.onnx.ops.Dims.UNKNOWN;

/** Concat along one axis; of 1-D integer values it is the shape vector an exporter builds for Reshape. */
public final class ConcatOp implements OpKind {
    @Override
    public int maxInputs(String opType) {
        return 2;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Concat");
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] first = c.in(0);
        int axis = Dims.axis(Attributes.getInt(c.node(), "axis", 1), first.length, c);
        long[] o = Dims.copy(first);
        for (int s = 1; s < c.node().getInputCount(); s++) {
            long[] x = c.in(s);
            if (x.length != o.length) {
                throw new BadInputException("Concat " + c.describe() + ": inputs of different ranks");
            }
            o[axis] = o[axis] == UNKNOWN || x[axis] == UNKNOWN ? UNKNOWN : o[axis] + x[axis];
        }
        return Dims.one(o);
    }

    @Override
    public IntValue value(NodeContext c) {
        IntValue[] parts = new IntValue[c.node().getInputCount()];
        for (int s = 0; s < parts.length; s++) {
            long[] shape = c.known(s);
            parts[s] = c.value(s);
            if (parts[s] == null || shape == null || shape.length > 1) {
                return null;
            }
        }
        return IntValue.concat(parts);
    }
}
