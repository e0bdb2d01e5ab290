package netcompress.trainer.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Ops;

import java.util.HashSet;
import java.util.Set;

/**
 * PyTorch's exporter stores equal tensors once (e.g. the all-zero biases of several layers) and hands
 * them to each layer through an {@code Identity} node. In PyTorch each layer owns its copy and trains it
 * on its own; training the shared tensor would tie the layers. So before training, each such Identity
 * becomes an initializer of its own, exactly as the budget count already treats it.
 */
public final class SharedInitializers {
    private SharedInitializers() {
    }

    public static ModelProto untie(ModelProto model) {
        GraphIndex index = GraphIndex.of(model.getGraph());
        GraphProto.Builder g = model.getGraph().toBuilder().clearNode();
        Set<String> stillRead = new HashSet<>();
        boolean changed = false;
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (Ops.isIdentity(n) && n.getInputCount() == 1 && n.getOutputCount() == 1
                    && !index.isGraphOutput(n.getOutput(0))) {
                String source = index.resolveIdentity(n.getInput(0));
                TensorProto init = index.initializer(source);
                if (init != null) {
                    g.addInitializer(init.toBuilder().setName(n.getOutput(0)));
                    changed = true;
                    continue;
                }
            }
            g.addNode(n);
            stillRead.addAll(n.getInputList());
        }
        if (!changed) {
            return model;
        }
        GraphProto.Builder pruned = g.build().toBuilder().clearInitializer();
        for (TensorProto t : g.getInitializerList()) {
            if (stillRead.contains(t.getName()) || index.isGraphOutput(t.getName())) {
                pruned.addInitializer(t);
            }
        }
        return model.toBuilder().setGraph(pruned).build();
    }
}
