package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.tensor.Tensors;

import java.util.List;

/** Validation steps several kinds share. */
final class Checks {
    private Checks() {
    }

    /** A constant at {@code slot} must be FLOAT (a weight stored as integers cannot be trained or counted). */
    static void requireFloat(NodeContext c, int slot, List<String> problems) {
        TensorProto t = c.constant(slot);
        if (t != null && !Tensors.isFloat(t)) {
            problems.add(c.describe() + ": input " + slot + " '" + t.getName() + "' is " + Tensors.typeName(t.getDataType()) + ", expected FLOAT");
        }
    }
}
