package netcompress.pruner;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.tensor.Tensors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Makes channel groups carry nothing: every tensor slice that produces the channel's value (filter
 * and bias, depthwise filter and bias, Gemm row and bias, BN scale and shift) becomes zero. Then the
 * channel is exactly 0 after Conv, BN (0 * normalized + 0), ReLU and Clip(0, 6), and multiplies to 0
 * in an SE Mul whatever the gate says, so removing it must not change any logit.
 */
final class Zeroing {
    private Zeroing() {
    }

    static ModelProto zero(ChannelDependencies deps, Collection<Integer> groups) {
        GraphIndex index = deps.index();
        Map<String, float[]> values = new HashMap<>();
        Map<String, long[]> dims = new HashMap<>();
        for (int g : groups) {
            for (ChannelDependencies.Member m : deps.members(g)) {
                if (m.side() != ChannelCut.Side.OUT || m.role() == ChannelCut.Role.STATISTIC) {
                    continue;
                }
                NodeProto n = nodeNamed(index, m.node());
                String init = index.resolveIdentity(n.getInput(m.slot()));
                TensorProto t = index.initializer(init);
                if (t == null) {
                    throw new AssertionError("member " + m + " is not an initializer");
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

    private static NodeProto nodeNamed(GraphIndex index, String name) {
        for (NodeProto n : index.graph().getNodeList()) {
            if (n.getName().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no node " + name);
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

    /** About {@code fraction} of each layer group's prunable channel groups, chosen with {@code seed}, never emptying a tensor. */
    static List<Integer> choose(ChannelDependencies deps, double fraction, long seed) {
        int[] layer = PruningPlanner.layerGroups(deps);
        Map<Integer, List<Integer>> byLayer = new HashMap<>();
        for (int g : deps.prunableGroups()) {
            byLayer.computeIfAbsent(layer[g], k -> new ArrayList<>()).add(g);
        }
        Random r = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        ParameterLedger ledger = new ParameterLedger(deps);
        for (List<Integer> gs : new java.util.TreeMap<>(byLayer).values()) {
            List<Integer> shuffled = new ArrayList<>(gs);
            java.util.Collections.shuffle(shuffled, r);
            int k = Math.max(gs.size() >= 2 ? 1 : 0, (int) Math.floor(fraction * gs.size()));
            for (int g : shuffled.subList(0, k)) {
                int[] one = {g};
                if (ledger.keepsMinimum(one, 1)) {
                    ledger.remove(one);
                    chosen.add(g);
                }
            }
        }
        Set<Integer> unique = new HashSet<>(chosen);
        if (unique.size() != chosen.size()) {
            throw new AssertionError("duplicate choice");
        }
        return chosen;
    }
}
