package netcompress.pruner;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.tensor.Tensors;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Gives every BatchNormalization random scale, shift, mean and (positive) variance. */
final class BnRandomizer {
    private BnRandomizer() {
    }

    static ModelProto randomize(ModelProto m, long seed) {
        Random r = new Random(seed);
        Map<String, TensorProto> replace = new HashMap<>();
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (!n.getOpType().equals("BatchNormalization")) {
                continue;
            }
            for (int s = 1; s <= 4; s++) {
                String name = n.getInput(s);
                TensorProto t = m.getGraph().getInitializerList().stream().filter(i -> i.getName().equals(name)).findFirst().orElseThrow();
                float[] v = new float[(int) Tensors.elementCount(t)];
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (s) {
                        case 1 -> 0.5f + r.nextFloat();
                        case 2, 3 -> r.nextFloat() - 0.5f;
                        default -> 0.5f + r.nextFloat();
                    };
                }
                replace.put(name, Tensors.floatTensor(name, Tensors.dims(t), v));
            }
        }
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = replace.get(g.getInitializer(i).getName());
            if (t != null) {
                g.setInitializer(i, t);
            }
        }
        return m.toBuilder().setGraph(g).build();
    }
}
