package netcompress.trainer.graph;

import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.ops.SlotRole;
import netcompress.onnx.tensor.Tensors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each float initializer is to DJL, from the registry's {@link SlotRole} of the slot that
 * reads it: a trainable weight or bias, a BN running statistic (kept but never given a gradient),
 * or a constant (Clip bounds, Pad values, shapes). The type matters because DJL treats RUNNING_*
 * parameters as state, not as something to optimise.
 */
final class InitializerRoles {
    /** Role of one float initializer; {@code type == null} means a constant, not a parameter. */
    record Role(Parameter.Type type, boolean trainable) {
    }

    private static final Role CONSTANT = new Role(null, false);

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
                Role r = toDjl(Ops.role(use.node(), use.slot()), use.slot());
                if (role == null || (role.type == null && r.type != null)) {
                    role = r;
                }
            }
            roles.put(t.getName(), role == null ? CONSTANT : role);
        }
        return roles;
    }

    private static Role toDjl(SlotRole role, int slot) {
        return switch (role) {
            case WEIGHT -> new Role(Parameter.Type.WEIGHT, true);
            case BIAS -> new Role(Parameter.Type.BIAS, true);
            case BN_SCALE -> new Role(Parameter.Type.GAMMA, true);
            case BN_SHIFT -> new Role(Parameter.Type.BETA, true);
            // BatchNormalization's inputs 3 and 4: DJL names the two statistics apart
            case STATISTIC -> new Role(slot == 3 ? Parameter.Type.RUNNING_MEAN : Parameter.Type.RUNNING_VAR, false);
            // a float tensor an op computes on (an added constant, a gate) is learnable, as the budget counts it
            case DATA -> new Role(Parameter.Type.OTHER, true);
            case CONSTANT, SHAPE -> CONSTANT;
        };
    }
}
