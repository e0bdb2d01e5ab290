package netcompress.pruner;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.tensor.Tensors;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each criterion removes first what it considers least important. */
class CriterionTest {
    private static final Set<Integer> WEAK = Set.of(4, 17, 60);

    @Test
    void l1RemovesChannelsWhoseWeightsAreAllZeroFirst() {
        ModelProto m = scaled(OnnxModels.read(Fixtures.path("student.onnx")), "/7/Conv", false);
        assertWeakChannelsGoFirst(m, Criterion.L1);
        assertWeakChannelsGoFirst(m, Criterion.L2);
    }

    @Test
    void bnScaleRemovesChannelsWithZeroGammaFirst() {
        ModelProto m = scaled(OnnxModels.read(Fixtures.path("student_bn.onnx")), "/8/BatchNormalization", true);
        assertWeakChannelsGoFirst(m, Criterion.BN_SCALE);
        List<String> notes = new ArrayList<>();
        Importance.of(ChannelDependencies.analyze(m, List.of()), Criterion.BN_SCALE, 0, notes);
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void bnScaleOnAFoldedModelFallsBackToL1AndSaysSo() {
        List<String> notes = new ArrayList<>();
        Importance.of(ChannelDependencies.analyze(OnnxModels.read(Fixtures.path("student.onnx")), List.of()), Criterion.BN_SCALE, 0, notes);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("l1"));
    }

    @Test
    void taylorRanksByTheMeasuredScoresNotByTheWeights() {
        ModelProto original = OnnxModels.read(Fixtures.path("student.onnx"));
        // evidence as a gradient pass would give it, two rounds: here |w| of a copy whose weak channels are zero
        java.util.Map<String, float[][]> scores = new java.util.HashMap<>();
        for (TensorProto t : scaled(original, "/7/Conv", false).getGraph().getInitializerList()) {
            float[] v = Tensors.floats(t);
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.abs(v[i]);
            }
            scores.put(t.getName(), new float[][] {v, v.clone()});
        }
        assertWeakChannelsGoFirst(original, Criterion.TAYLOR, scores);
        // the weights themselves are untouched: l1 on them does not single out those three channels
        ChannelDependencies d = ChannelDependencies.analyze(original, List.of());
        String tensor = layerOutput(original, "/7/Conv");
        double[] l1 = Importance.of(d, Criterion.L1, 0, new ArrayList<>());
        assertFalse(lowest(d, tensor, l1, WEAK.size()).containsAll(WEAK), "l1 would find them too: the test would prove nothing");
        assertEquals(java.util.Set.copyOf(WEAK), java.util.Set.copyOf(lowest(d, tensor, Importance.of(d, Criterion.TAYLOR, 0, scores, new ArrayList<>()), WEAK.size())));
        assertThrows(netcompress.errors.BadInputException.class,
                () -> PruneOptions.toBudget(50_000).withCriterion(Criterion.TAYLOR, 0), "taylor without scores");
    }

    /** Per round the group's sum is squared: rounds pointing opposite ways add up instead of cancelling. */
    @Test
    void taylorSquaresEachRoundsGroupSum() {
        ModelProto m = OnnxModels.read(Fixtures.path("student.onnx"));
        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        java.util.Map<String, float[][]> one = new java.util.HashMap<>();
        java.util.Map<String, float[][]> opposite = new java.util.HashMap<>();
        for (TensorProto t : m.getGraph().getInitializerList()) {
            float[] v = Tensors.floats(t);
            float[] neg = v.clone();
            for (int i = 0; i < neg.length; i++) {
                neg[i] = -neg[i];
            }
            one.put(t.getName(), new float[][] {v});
            opposite.put(t.getName(), new float[][] {v, neg});
        }
        double[] single = Importance.of(d, Criterion.TAYLOR, 0, one, new ArrayList<>());
        double[] twice = Importance.of(d, Criterion.TAYLOR, 0, opposite, new ArrayList<>());
        int g = d.groupOf(layerOutput(m, "/7/Conv"), 0);
        assertTrue(single[g] > 0);
        assertEquals(2 * single[g], twice[g], 1e-9 * single[g]);
    }

    /** The {@code k} channels of {@code tensor} with the lowest importance. */
    private static List<Integer> lowest(ChannelDependencies d, String tensor, double[] imp, int k) {
        int channels = d.map(tensor).length();
        return java.util.stream.IntStream.range(0, channels).boxed()
                .sorted(java.util.Comparator.comparingDouble(c -> imp[d.groupOf(tensor, c)])).limit(k).toList();
    }

    private static void assertWeakChannelsGoFirst(ModelProto m, Criterion criterion) {
        assertWeakChannelsGoFirst(m, criterion, null);
    }

    /** Removing the cost of three channels of the layer must remove exactly the three weakened ones. */
    private static void assertWeakChannelsGoFirst(ModelProto m, Criterion criterion, java.util.Map<String, float[][]> scores) {
        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        String tensor = layerOutput(m, criterion == Criterion.BN_SCALE ? "/8/BatchNormalization" : "/7/Conv");
        ParameterLedger ledger = new ParameterLedger(d);
        long before = ledger.total();
        int[] weak = WEAK.stream().mapToInt(c -> d.groupOf(tensor, c)).toArray();
        long saving = ledger.remove(weak);
        double[] imp = Importance.of(d, criterion, 0, scores, new ArrayList<>());
        PruningPlanner.Plan plan = PruningPlanner.plan(d, imp, before - saving, 1, 1);
        for (int g : weak) {
            assertTrue(plan.removed()[g], criterion + " kept weakened group " + g);
        }
        assertEquals(3, plan.groupsRemoved());
    }

    private static String layerOutput(ModelProto m, String node) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getName().equals(node)).findFirst().orElseThrow().getOutput(0);
    }

    /** Zeroes the weak channels' filters and the next layer's slices (l1/l2), or the BN gamma. */
    private static ModelProto scaled(ModelProto m, String node, boolean gammaOnly) {
        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        String tensor = layerOutput(m, node);
        GraphIndex idx = d.index();
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int c : WEAK) {
            for (ChannelDependencies.Member mem : d.members(d.groupOf(tensor, c))) {
                boolean take = gammaOnly ? mem.role() == ChannelCut.Role.SCALE : mem.role() == ChannelCut.Role.WEIGHT;
                if (!take) {
                    continue;
                }
                NodeProto n = g.getNodeList().stream().filter(x -> x.getName().equals(mem.node())).findFirst().orElseThrow();
                String name = idx.resolveIdentity(n.getInput(mem.slot()));
                for (int i = 0; i < g.getInitializerCount(); i++) {
                    TensorProto t = g.getInitializer(i);
                    if (t.getName().equals(name)) {
                        float[] v = Tensors.floats(t);
                        long[] dims = Tensors.dims(t);
                        long inner = 1;
                        for (int a = mem.axis() + 1; a < dims.length; a++) {
                            inner *= dims[a];
                        }
                        for (int o = 0; (long) o * dims[mem.axis()] * inner < v.length; o++) {
                            for (long k = 0; k < inner; k++) {
                                v[(int) ((o * dims[mem.axis()] + mem.index()) * inner + k)] = 0;
                            }
                        }
                        g.setInitializer(i, Tensors.floatTensor(name, dims, v));
                    }
                }
            }
        }
        return m.toBuilder().setGraph(g).build();
    }
}
