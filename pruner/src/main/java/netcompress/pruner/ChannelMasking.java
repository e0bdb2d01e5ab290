package netcompress.pruner;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.tensor.Tensors;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Masks channel groups instead of removing them: every slice that produces a group's value (filter
 * and bias, depthwise filter and bias, Gemm row and bias, BN scale and shift, per-channel constants)
 * becomes zero, so the channel is exactly 0 after its Conv or Gemm, after BN (0 * normalized + 0), ReLU
 * and Clip(0, 6), and multiplies to 0 in a squeeze-excite Mul whatever the gate says. Removing masked
 * groups with {@link ChannelPruner#remove} must leave the outputs unchanged: that is how the tests
 * prove the dependency rules, and how a caller can evaluate a pruning choice on the unchanged graph.
 *
 * <p>A tensor shared by several layers is zeroed for all of them (masking edits in place).
 */
public final class ChannelMasking {
    private ChannelMasking() {
    }

    public static ModelProto zero(ChannelDependencies deps, Collection<Integer> groups) {
        GraphIndex index = deps.index();
        Map<String, float[]> values = new HashMap<>();
        Map<String, long[]> dims = new HashMap<>();
        for (int g : groups) {
            for (ChannelDependencies.Member m : deps.members(g)) {
                if (m.side() != ChannelCut.Side.OUT || m.role() == ChannelCut.Role.STATISTIC) {
                    continue;
                }
                NodeProto n = index.graph().getNode(m.position());
                String init = index.resolveIdentity(n.getInput(m.slot()));
                TensorProto t = index.initializer(init);
                if (t == null) {
                    throw new IllegalArgumentException("input " + m.slot() + " of " + m.node() + " is not an initializer; cannot mask it");
                }
                float[] v = values.computeIfAbsent(init, k -> Tensors.floats(t));
                long[] d = dims.computeIfAbsent(init, k -> Tensors.dims(t));
                zeroIndex(v, d, m.axis(), m.index());
            }
        }
        GraphProto.Builder b = deps.model().getGraph().toBuilder();
        for (int i = 0; i < b.getInitializerCount(); i++) {
            String name = b.getInitializer(i).getName();
            if (values.containsKey(name)) {
                b.setInitializer(i, Tensors.floatTensor(name, dims.get(name), values.get(name)));
            }
        }
        return deps.model().toBuilder().setGraph(b).build();
    }

    private static void zeroIndex(float[] v, long[] d, int axis, int index) {
        long inner = 1;
        for (int a = axis + 1; a < d.length; a++) {
            inner *= d[a];
        }
        long len = d[axis];
        for (long o = 0; o * len * inner < v.length; o++) {
            long base = (o * len + index) * inner;
            for (long k = 0; k < inner; k++) {
                v[(int) (base + k)] = 0f;
            }
        }
    }
}
