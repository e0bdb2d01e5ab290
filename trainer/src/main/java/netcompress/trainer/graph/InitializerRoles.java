package netcompress.trainer.graph;

import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.tensor.Tensors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides what each initializer is to DJL from the node that reads it: a trainable weight or bias,
 * a BN running statistic (kept but never given a gradient), or a constant (Clip bounds, shapes, axes).
 * The type matters because DJL treats RUNNING_* parameters as state, not as something to optimise.
 */
final class InitializerRoles {
    /** Role of one float initializer; {@code type == null} means a constant, not a parameter. */
    record Role(Parameter.Type type, boolean trainable) {
    }

    private InitializerRoles() {
    }

    static Map<String, Role> of(GraphIndex index) {
        Map<String, Role> roles = new LinkedHashMap<>();
        for (TensorProto t : index.initializers().values()) {
            if (!Tensors.isFloat(t)) {
                continue;
            }
            Role role = null;
            for (GraphIndex.Use use : index.consumers(t.getName())) {
                Role r = roleAt(use.node(), use.slot());
                if (role == null || (role.type == null && r.type != null)) {
                    role = r;
                }
            }
            roles.put(t.getName(), role == null ? new Role(null, false) : role);
        }
        return roles;
    }

    private static Role roleAt(NodeProto n, int slot) {
        switch (n.getOpType()) {
            case "Conv", "Gemm", "MatMul":
                return new Role(slot == 2 ? Parameter.Type.BIAS : Parameter.Type.WEIGHT, true);
            case "BatchNormalization":
                return switch (slot) {
                    case 1 -> new Role(Parameter.Type.GAMMA, true);
                    case 2 -> new Role(Parameter.Type.BETA, true);
                    case 3 -> new Role(Parameter.Type.RUNNING_MEAN, false);
                    case 4 -> new Role(Parameter.Type.RUNNING_VAR, false);
                    default -> new Role(null, false);
                };
            case "Clip", "Reshape", "Slice", "Dropout", "Pad", "Resize":
                // bounds, shapes, ratios: settings of the op, not weights
                return slot == 0 ? new Role(Parameter.Type.OTHER, true) : new Role(null, false);
            default:
                // a float tensor feeding a compute op (Add, Mul, PRelu slope...) is learnable, as the budget counts it
                return new Role(Parameter.Type.OTHER, true);
        }
    }
}
