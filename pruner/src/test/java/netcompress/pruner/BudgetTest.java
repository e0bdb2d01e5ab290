package netcompress.pruner;

import netcompress.runtime.session.RuntimeCheck;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.shape.ShapeInference;
import netcompress.testdata.FixtureModel;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static netcompress.onnx.shape.ShapeInference.Mode.LENIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pruning lands at or under the budget, no more than 1% under, and the written file counts the same. */
class BudgetTest {
    @TempDir
    Path dir;

    static Stream<String> fixtures() {
        return Fixtures.MODELS.stream().map(FixtureModel::file);
    }

    /** Four times the exactness tests' widths: a 1% band needs channels finer than 1% of the model. */
    static Stream<TestNets.Net> nets() {
        return TestNets.all(4).stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureLandsInBudgetBand(String file) {
        ModelProto model = OnnxModels.read(Fixtures.path(file));
        for (double f : new double[] {0.9, 0.6, 0.3}) {
            assertLandsInBand(model, Math.round(f * ParameterCount.of(model).parameters()), PruneOptions::toBudget);
        }
    }

    @ParameterizedTest
    @MethodSource("nets")
    void builtNetLandsInBudgetBand(TestNets.Net net) {
        for (double f : new double[] {0.9, 0.6, 0.4}) {
            assertLandsInBand(net.model(), Math.round(f * ParameterCount.of(net.model(), LENIENT).parameters()), PruneOptions::toBudget);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyCriterionAndIterativeStepsLandInBand(String file) {
        ModelProto model = OnnxModels.read(Fixtures.path(file));
        long budget = Math.round(0.5 * ParameterCount.of(model).parameters());
        assertLandsInBand(model, budget, b -> PruneOptions.toBudget(b).withCriterion(Criterion.L2, 0));
        assertLandsInBand(model, budget, b -> PruneOptions.toBudget(b).withCriterion(Criterion.BN_SCALE, 0));
        assertLandsInBand(model, budget, b -> PruneOptions.toBudget(b).withCriterion(Criterion.RANDOM, 4));
        PruneResult r = assertLandsInBand(model, budget, b -> PruneOptions.toBudget(b).withSteps(3));
        assertEquals(3, r.steps().size());
        assertTrue(r.steps().get(0).budget() > r.steps().get(1).budget() && r.steps().get(1).budget() > budget);
    }

    @Test
    void ratioKeepsThatFractionOfTheParameters() {
        ModelProto model = OnnxModels.read(Fixtures.path("mini_mbv2_bn.onnx"));
        long before = ParameterCount.of(model).parameters();
        PruneResult r = ChannelPruner.prune(model, PruneOptions.toRatio(0.5));
        assertEquals(before / 2, r.budget());
        assertTrue(r.withinOnePercent(), r.after().parameters() + " vs " + r.budget());
    }

    @Test
    void roundToKeepsConvWidthsMultiplesOfN() {
        ModelProto model = OnnxModels.read(Fixtures.path("student_bn.onnx"));
        PruneResult r = ChannelPruner.prune(model, PruneOptions.toBudget(40_000).withRoundTo(8));
        assertTrue(r.after().parameters() <= 40_000);
        Map<String, long[]> shapes = ShapeInference.infer(r.model());
        for (NodeProto n : r.model().getGraph().getNodeList()) {
            if (n.getOpType().equals("Conv")) {
                long out = shapes.get(n.getInput(1))[0];
                assertEquals(0, out % 8, n.getName() + " has " + out + " filters");
            }
        }
    }

    @Test
    void minChannelsIsRespectedEvenWhenItCostsTheBudget() {
        ModelProto model = OnnxModels.read(Fixtures.path("student.onnx"));
        PruneResult r = ChannelPruner.prune(model, PruneOptions.toBudget(20_000).withMinChannels(12));
        assertTrue(r.after().parameters() <= 20_000);
        Map<String, long[]> shapes = ShapeInference.infer(r.model());
        for (NodeProto n : r.model().getGraph().getNodeList()) {
            if (n.getOpType().equals("Conv")) {
                assertTrue(shapes.get(n.getInput(1))[0] >= 12, n.getName());
            }
        }
    }

    @Test
    void protectedNodeKeepsItsChannels() {
        ModelProto model = OnnxModels.read(Fixtures.path("student.onnx"));
        PruneResult r = ChannelPruner.prune(model, PruneOptions.toBudget(30_000).withProtect(List.of("/7/Conv")));
        assertTrue(r.withinOnePercent());
        for (NodeProto n : r.model().getGraph().getNodeList()) {
            if (n.getName().equals("/7/Conv")) {
                assertEquals(64, ShapeInference.infer(r.model()).get(n.getInput(1))[0]);
            }
        }
    }

    @Test
    void depthwiseGroupFollowsItsChannels() {
        ModelProto model = OnnxModels.read(Fixtures.path("student_dw_bn.onnx"));
        PruneResult r = ChannelPruner.prune(model, PruneOptions.toBudget(7_000));
        Map<String, long[]> shapes = ShapeInference.infer(r.model());
        int depthwise = 0;
        for (NodeProto n : r.model().getGraph().getNodeList()) {
            if (n.getOpType().equals("Conv") && Attributes.getInt(n, "group", 1) > 1) {
                assertEquals(shapes.get(n.getInput(0))[1], Attributes.getInt(n, "group", 1), n.getName());
                depthwise++;
            }
        }
        assertEquals(3, depthwise);
    }

    PruneResult assertLandsInBand(ModelProto model, long budget, java.util.function.LongFunction<PruneOptions> options) {
        PruneResult r = ChannelPruner.prune(model, options.apply(budget));
        long after = r.after().parameters();
        assertTrue(after <= budget, after + " > budget " + budget);
        assertTrue(after >= Math.ceil(0.99 * budget), after + " is more than 1% under budget " + budget);
        Path file = dir.resolve("pruned.onnx");
        OnnxModels.write(r.model(), file, true);
        assertEquals(after, ParameterCount.of(OnnxModels.read(file), LENIENT).parameters());
        RuntimeCheck.requireRuns(r.model(), "pruned");
        return r;
    }

    @Test
    void aMacsBudgetAloneIsReachedInAsManyRoundsAsAsked() {
        ModelProto m = OnnxModels.read(Fixtures.path("student.onnx"));
        long macs = ParameterCount.of(m).macsPerImage();
        PruneResult r = ChannelPruner.prune(m, new PruneOptions(null, null, Criterion.L1, 0, 1, 1, java.util.List.of(), 2, macs / 2));
        org.junit.jupiter.api.Assertions.assertEquals(2, r.steps().size());
        org.junit.jupiter.api.Assertions.assertTrue(r.steps().get(0).macsAfter() > macs / 2 && r.withinOnePercent(), r.steps().toString());
    }
}
