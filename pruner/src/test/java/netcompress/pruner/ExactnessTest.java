package netcompress.pruner;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.testdata.FixtureModel;
import netcompress.testdata.Fixtures;
import netcompress.testdata.NpyArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static netcompress.onnx.shape.ShapeInference.Mode.LENIENT;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pruning channels that carry nothing must not change the logits: zero about a third of every
 * layer group's channels, remove exactly those, and compare in ONNX Runtime. A coupling the pruner
 * gets wrong (a missed consumer, a wrong Flatten or Concat offset, a Slice bound) either breaks the
 * graph or removes channels that were not zeroed, and the logits move.
 */
class ExactnessTest {
    static Stream<String> fixtures() {
        return Fixtures.MODELS.stream().map(FixtureModel::file);
    }

    static Stream<TestNets.Net> nets() {
        return TestNets.all().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void zeroedChannelsOfFixtureArePrunedWithoutChangingLogits(String file) {
        FixtureModel f = Fixtures.model(file);
        NpyArray input = Fixtures.npy(f.sampleInput());
        ModelProto model = OnnxModels.read(Fixtures.path(file));
        for (long seed : new long[] {1, 2}) {
            assertExact(model, input.shapeAsLong(), input.data(), 0.3, seed);
        }
    }

    @ParameterizedTest
    @MethodSource("nets")
    void zeroedChannelsOfBuiltNetArePrunedWithoutChangingLogits(TestNets.Net net) {
        float[] input = Ort.randomInput(TestNets.INPUT, 3);
        for (long seed : new long[] {1, 2, 3}) {
            assertExact(net.model(), TestNets.INPUT, input, 0.4, seed);
        }
    }

    static void assertExact(ModelProto model, long[] shape, float[] input, double fraction, long seed) {
        ChannelDependencies deps = ChannelDependencies.analyze(model, List.of());
        List<Integer> chosen = Zeroing.choose(deps, fraction, seed);
        assertFalse(chosen.isEmpty(), "nothing prunable");
        ModelProto zeroed = ChannelMasking.zero(deps, chosen);
        float[] original = Ort.run(model, shape, input);
        float[] reference = Ort.run(zeroed, shape, input);
        assertTrue(Ort.maxAbsDiff(original, reference) > 1e-4, "zeroing did not change the logits: the test would prove nothing");

        ChannelDependencies zeroedDeps = ChannelDependencies.analyze(zeroed, List.of());
        ModelProto pruned = ChannelPruner.remove(zeroedDeps, chosen);
        float[] after = Ort.run(pruned, shape, input);
        float diff = Ort.maxAbsDiff(reference, after);
        assertTrue(diff <= 1e-5, "logits moved by " + diff + " after removing " + chosen.size() + " zeroed channel groups (seed " + seed + ")");
        assertTrue(ParameterCount.of(pruned, LENIENT).parameters() < ParameterCount.of(model, LENIENT).parameters());
    }
}
