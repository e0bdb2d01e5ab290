package netcompress.cli;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.tensor.Tensors;
import netcompress.pruner.ChannelDependencies;
import netcompress.pruner.ChannelMasking;
import netcompress.pruner.ChannelPruner;
import netcompress.pruner.PruneOptions;
import netcompress.pruner.PruneResult;
import netcompress.trainer.zoo.ModelZoo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pruner on every model of the trainer's zoo (students and the smaller teachers) at the
 * assignment's input: masked channels prune without changing the logits, and budgets land in band.
 * The full ResNet-18 is the pruner benchmark (bench/prune_bench.sh) instead.
 */
class ZooPruneTest {
    private static final long[] INPUT = {2, 3, 142, 142};

    @TempDir
    Path dir;

    static Stream<String> presets() {
        return ModelZoo.PRESETS.stream().filter(p -> !p.equals("resnet18"));
    }

    @ParameterizedTest
    @MethodSource("presets")
    void maskedChannelsPruneWithoutChangingLogits(String spec) throws OrtException {
        ModelProto model = randomizeBatchNorm(ModelZoo.build(spec, 3, 11, 142, 1), 5);
        ChannelDependencies deps = ChannelDependencies.analyze(model, List.of());
        List<Integer> chosen = choose(deps, 0.3, 9);
        assertTrue(chosen.size() > 5, "only " + chosen.size() + " groups chosen");
        ModelProto masked = ChannelMasking.zero(deps, chosen);
        float[] input = random(INPUT, 3);
        float[] original = run(model, input);
        float[] reference = run(masked, input);
        assertTrue(maxAbsDiff(original, reference) > 1e-4, "masking changed nothing: the test would prove nothing");
        ModelProto pruned = ChannelPruner.remove(ChannelDependencies.analyze(masked, List.of()), chosen);
        float diff = maxAbsDiff(reference, run(pruned, input));
        assertTrue(diff <= 1e-5, spec + ": logits moved by " + diff);
    }

    @ParameterizedTest
    @MethodSource("presets")
    void budgetsLandWithinOnePercentUnder(String spec) {
        ModelProto model = ModelZoo.build(spec, 3, 11, 142, 1);
        long count = ParameterCount.of(model).parameters();
        List<Long> budgets = new ArrayList<>(List.of(Math.round(0.9 * count), Math.round(0.6 * count), Math.round(0.3 * count)));
        if (count > 100_000) {
            budgets.add(100_000L);
        }
        for (long budget : budgets) {
            PruneResult r = ChannelPruner.prune(model, PruneOptions.toBudget(budget));
            long after = r.after().parameters();
            assertTrue(after <= budget && after >= Math.ceil(0.99 * budget), spec + ": " + after + " for budget " + budget);
            Path file = dir.resolve("p.onnx");
            OnnxModels.write(r.model(), file, true);
            assertEquals(after, ParameterCount.of(OnnxModels.read(file)).parameters());
        }
    }

    /** About {@code fraction} of each layer group with at least 4 prunable channel groups. */
    private static List<Integer> choose(ChannelDependencies deps, double fraction, long seed) {
        int[] layer = deps.layerGroups();
        Map<Integer, List<Integer>> byLayer = new TreeMap<>();
        for (int g : deps.prunableGroups()) {
            byLayer.computeIfAbsent(layer[g], k -> new ArrayList<>()).add(g);
        }
        Random r = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> gs : byLayer.values()) {
            if (gs.size() >= 4) {
                Collections.shuffle(gs, r);
                chosen.addAll(gs.subList(0, (int) (fraction * gs.size())));
            }
        }
        return chosen;
    }

    /** The zoo starts BN at scale 1, shift 0, mean 0, var 1; random statistics make masking meaningful. */
    private static ModelProto randomizeBatchNorm(ModelProto m, long seed) {
        Random r = new Random(seed);
        Map<String, Integer> slotOf = new HashMap<>();
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (n.getOpType().equals("BatchNormalization")) {
                for (int s = 1; s <= 4; s++) {
                    slotOf.put(n.getInput(s), s);
                }
            }
        }
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            Integer s = slotOf.get(t.getName());
            if (s != null) {
                float[] v = new float[(int) Tensors.elementCount(t)];
                for (int k = 0; k < v.length; k++) {
                    v[k] = s == 1 || s == 4 ? 0.5f + r.nextFloat() : r.nextFloat() - 0.5f;
                }
                g.setInitializer(i, Tensors.floatTensor(t.getName(), Tensors.dims(t), v));
            }
        }
        return m.toBuilder().setGraph(g).build();
    }

    private static float[] run(ModelProto model, float[] input) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model.toByteArray(), opts);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), INPUT);
                 OrtSession.Result res = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                FloatBuffer fb = ((OnnxTensor) res.get(0)).getFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                return v;
            }
        }
    }

    private static float[] random(long[] shape, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        Random r = new Random(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
