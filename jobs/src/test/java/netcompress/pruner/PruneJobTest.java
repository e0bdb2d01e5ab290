package netcompress.pruner;

// in the pruner's package, for its test nets and helpers (the pruner's test-jar)
import netcompress.jobs.prune.PruneJob;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.errors.BudgetExceededException;
import netcompress.errors.ExitCode;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.quant.QdqQuantizer;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruneJobTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

    @Test
    void writesCheckedModelWithTableAndProvenance() {
        Path target = dir.resolve("pruned.onnx");
        PruneResult r = PruneJob.run(Fixtures.path("mini_mbv2_bn.onnx"), target, PruneOptions.toBudget(40_000), false, false, out);
        ModelProto written = OnnxModels.read(target);
        assertEquals(r.after().parameters(), ParameterCount.of(written).parameters());
        Map<String, Object> prune = castMap(ModelMetadata.provenance(written).get("prune"));
        assertEquals(40_000, ((Number) prune.get("budget")).intValue());
        assertEquals("l1", prune.get("criterion"));
        assertEquals(62_331, ((Number) prune.get("parametersBefore")).intValue());
        assertEquals(r.after().parameters(), ((Number) prune.get("parametersAfter")).longValue());
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("/features/features.0/features.0.0/Conv"), text);
        assertTrue(text.contains("total"), text);
        assertTrue(text.contains("62,331 -> " + String.format("%,d", r.after().parameters())), text);
    }

    @Test
    void impossibleBudgetExitsOneAndWritesNothing() {
        Path target = dir.resolve("never.onnx");
        var e = assertThrows(BudgetExceededException.class,
                () -> PruneJob.run(Fixtures.path("student.onnx"), target, PruneOptions.toBudget(50), false, false, out));
        assertEquals(ExitCode.BUDGET_OR_BAR, e.exitCode());
        assertTrue(e.getMessage().contains("student.onnx") && e.getMessage().contains("nothing written"), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(0, dir.toFile().list().length, "no temporary file left either");
    }

    @Test
    void minChannelsCanMakeABudgetImpossible() {
        assertThrows(BudgetExceededException.class, () -> PruneJob.run(Fixtures.path("student_bn.onnx"), dir.resolve("x.onnx"),
                PruneOptions.toBudget(30_000).withMinChannels(40), false, false, out));
    }

    @Test
    void inputThatCannotRunIsABadInputNotAPrunerBug() throws Exception {
        ModelProto m = OnnxModels.read(Fixtures.path("student.onnx"));
        var g = m.getGraph().toBuilder();
        String bias = g.getNodeList().stream().filter(n -> n.getOpType().equals("Gemm")).findFirst().orElseThrow().getInput(2);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(bias)) {
                float[] v = netcompress.onnx.tensor.Tensors.floats(g.getInitializer(i));
                v[0] = Float.NaN;
                g.setInitializer(i, netcompress.onnx.tensor.Tensors.floatTensor(bias, new long[] {v.length}, v));
            }
        }
        Path bad = dir.resolve("nan.onnx");
        OnnxModels.write(m.toBuilder().setGraph(g).build(), bad, false);
        Path target = dir.resolve("out.onnx");
        var e = assertThrows(BadInputException.class, () -> PruneJob.run(bad, target, PruneOptions.toBudget(50_000), false, false, out));
        assertTrue(e.getMessage().contains("nan.onnx") && e.getMessage().contains("not finite"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void anInt8ModelIsRefusedWithWhatToDoInstead() {
        QdqQuantizer.Plan plan = QdqQuantizer.plan(OnnxModels.read(Fixtures.path("student.onnx")), "student.onnx");
        Map<String, QdqQuantizer.Range> ranges = new java.util.HashMap<>();
        plan.tensors().forEach(t -> ranges.put(t, new QdqQuantizer.Range(-4f, 4f)));
        Path int8 = dir.resolve("int8.onnx");
        OnnxModels.write(QdqQuantizer.quantize(plan, ranges, 8).model(), int8, false);
        Path target = dir.resolve("out.onnx");
        var e = assertThrows(BadInputException.class, () -> PruneJob.run(int8, target, PruneOptions.toBudget(50_000), false, false, out));
        assertTrue(e.getMessage().contains("int8.onnx") && e.getMessage().contains("prune the float model, then quantize"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() {
        Path target = dir.resolve("dry.onnx");
        PruneResult r = PruneJob.run(Fixtures.path("student_dw_bn.onnx"), target, PruneOptions.toBudget(9_000), true, false, out);
        assertTrue(r.after().parameters() <= 9_000);
        assertFalse(Files.exists(target));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("Dry run"));
    }

    @Test
    void existingOutputIsRefusedBeforeAnyWorkUnlessForced() throws Exception {
        Path target = dir.resolve("exists.onnx");
        Files.writeString(target, "keep me");
        var e = assertThrows(BadInputException.class,
                () -> PruneJob.run(Fixtures.path("student.onnx"), target, PruneOptions.toBudget(50_000), false, false, out));
        assertTrue(e.template().contains("{force}"));
        assertEquals("keep me", Files.readString(target));
        PruneJob.run(Fixtures.path("student.onnx"), target, PruneOptions.toBudget(50_000), false, true, out);
        assertTrue(ParameterCount.of(OnnxModels.read(target)).parameters() <= 50_000);
    }

    @Test
    void opOutsideShapeInferenceIsPrunedAroundAndListedNotRefused() {
        Path in = dir.resolve("resize.onnx");
        OnnxModels.write(TestNets.resizeBarrier(2), in, false);
        Path target = dir.resolve("resize_pruned.onnx");
        PruneResult r = PruneJob.run(in, target, PruneOptions.toRatio(0.6), false, false, out);
        assertTrue(r.withinOnePercent(), r.after().parameters() + " vs " + r.budget());
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Barriers") && text.contains("(Resize): no channel rule for Resize"), text);
        List<?> barriers = (List<?>) castMap(ModelMetadata.provenance(OnnxModels.read(target)).get("prune")).get("barriers");
        assertEquals(2, barriers.size(), barriers.toString());
        assertTrue(barriers.get(0).toString().contains("Resize"), barriers.toString());
    }

    @Test
    void budgetAlreadyMetLeavesTheModelAsItIs() {
        ModelProto m = OnnxModels.read(Fixtures.path("student.onnx"));
        PruneResult r = ChannelPruner.prune(m, PruneOptions.toBudget(100_000));
        assertEquals(m, r.model());
        assertEquals(0, r.channelGroupsRemoved());
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherModel() {
        ModelProto m = OnnxModels.read(Fixtures.path("mini_mbv2.onnx"));
        PruneOptions random = PruneOptions.toBudget(30_000).withCriterion(Criterion.RANDOM, 7);
        byte[] a = ChannelPruner.prune(m, random).model().toByteArray();
        byte[] b = ChannelPruner.prune(m, random).model().toByteArray();
        byte[] c = ChannelPruner.prune(m, random.withCriterion(Criterion.RANDOM, 8)).model().toByteArray();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void unusedOutputFileArgumentIsRequiredWithoutDryRun() {
        assertThrows(BadInputException.class, () -> PruneJob.run(Fixtures.path("student.onnx"), null, PruneOptions.toBudget(50_000), false, false, out));
    }

    @Test
    void optionsAreValidated() {
        assertThrows(BadInputException.class, () -> new PruneOptions(null, null, Criterion.L1, 0, 1, 1, List.of(), 1));
        assertThrows(BadInputException.class, () -> new PruneOptions(100L, 0.5, Criterion.L1, 0, 1, 1, List.of(), 1));
        assertThrows(BadInputException.class, () -> PruneOptions.toRatio(1.5));
        assertThrows(BadInputException.class, () -> PruneOptions.toBudget(0));
        assertThrows(BadInputException.class, () -> PruneOptions.toBudget(10).withSteps(0));
        assertThrows(BadInputException.class, () -> Criterion.parse("l3"));
        assertEquals(Criterion.BN_SCALE, Criterion.parse("bn-scale"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
