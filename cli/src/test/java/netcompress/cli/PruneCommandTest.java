package netcompress.cli;

import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code netcompress prune} end to end: options, table, exit codes. */
class PruneCommandTest {
    @TempDir
    Path dir;



    @Test
    void prunesToBudgetPrintsTableAndWrites() {
        Path out = dir.resolve("p.onnx");
        CliRun r = CliRun.of("prune", "--model", Fixtures.path("student_bn.onnx").toString(), "--budget", "50000", "--out", out.toString(),
                "--criterion", "bn-scale", "--round-to", "2", "--protect", "/0/Conv");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("/3/Conv") && r.out().contains("87,907 -> "), r.out());
        long count = ParameterCount.of(OnnxModels.read(out)).parameters();
        assertTrue(count <= 50_000 && count >= 49_500, "count " + count);
    }

    @Test
    void impossibleBudgetExitsOneWithoutWriting() {
        Path out = dir.resolve("none.onnx");
        CliRun r = CliRun.of("prune", "--model", Fixtures.path("student.onnx").toString(), "--budget", "10", "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot reach 10 parameters"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void budgetAndRatioTogetherOrNeitherIsAUsageError() {
        String model = Fixtures.path("student.onnx").toString();
        assertEquals(2, CliRun.of("prune", "--model", model, "--out", dir.resolve("a.onnx").toString()).code());
        assertEquals(2, CliRun.of("prune", "--model", model, "--budget", "5000", "--ratio", "0.5", "--dry-run").code());
        assertEquals(2, CliRun.of("prune", "--model", model, "--budget", "5000", "--criterion", "l7", "--dry-run").code());
    }

    @Test
    void aMacsBudgetAloneOrWithAParameterBudget() {
        String model = Fixtures.path("student_dw.onnx").toString();
        long macs = ParameterCount.of(OnnxModels.read(Fixtures.path("student_dw.onnx"))).macsPerImage();
        long target = macs / 2;
        Path out = dir.resolve("m.onnx");
        CliRun r = CliRun.of("prune", "--model", model, "--budget-macs", Long.toString(target), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(String.format("MACs budget %,d: %,d -> ", target, macs)), r.out());
        long after = ParameterCount.of(OnnxModels.read(out)).macsPerImage();
        assertTrue(after <= target && after >= 0.99 * target, after + " MACs for " + target);
        CliRun both = CliRun.of("prune", "--model", model, "--budget-macs", Long.toString(target), "--budget", "20000", "--dry-run");
        assertEquals(0, both.code(), both.err());
        assertTrue(both.out().contains("Budget 20,000: ") && both.out().contains("MACs budget "), both.out());
        CliRun tiny = CliRun.of("prune", "--model", model, "--budget-macs", "10", "--dry-run");
        assertEquals(1, tiny.code());
        assertTrue(tiny.err().contains("cannot reach 10 MACs"), tiny.err());
        assertEquals(2, CliRun.of("prune", "--model", model, "--budget-macs", "0", "--dry-run").code());
    }

    @Test
    void stepsWithFineTuningBetweenThemInOneCommand() throws Exception {
        Path synth = dir.resolve("food");
        netcompress.datasets.synth.SynthFood11Generator.generate(synth,
                netcompress.datasets.synth.SynthOptions.defaults().withScale(0.02).withSize(48, 36).withThreads(2), false, (d, t) -> { });
        Path out = dir.resolve("tuned.onnx");
        CliRun r = CliRun.of("prune", "--model", Fixtures.path("student.onnx").toString(), "--budget", "40000", "--steps", "2",
                "--finetune-epochs", "1", "--data", synth.toString(), "--teacher", Fixtures.path("student_dw.onnx").toString(),
                "--finetune-arg=--unlabeled=none", "--finetune-arg=--batch=16", "--out", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("Round 1 of 2: prune") && r.out().contains("Round 2 of 2: fine-tune 1 epochs"), r.out());
        long count = ParameterCount.of(OnnxModels.read(out)).parameters();
        assertTrue(count <= 40_000 && count >= 39_600, "count " + count);
        Path steps = dir.resolve("tuned.onnx.steps");
        for (String f : new String[]{"prune-1.onnx", "finetune-1.onnx", "prune-2.onnx"}) {
            assertTrue(Files.isRegularFile(steps.resolve(f)), f);
        }
        // the history appends every round: prune, distill, prune, distill
        String history = netcompress.onnx.meta.ModelMetadata.get(OnnxModels.read(out), netcompress.onnx.meta.ModelMetadata.PROVENANCE).orElseThrow();
        assertEquals(2, history.split("\"step\"\\s*:\\s*\"prune\"", -1).length - 1, history);
        // nothing of the user's is overwritten without --force
        CliRun again = CliRun.of("prune", "--model", Fixtures.path("student.onnx").toString(), "--budget", "40000",
                "--finetune-epochs", "1", "--data", synth.toString(), "--out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists"), again.err());
        assertEquals(2, CliRun.of("prune", "--model", Fixtures.path("student.onnx").toString(), "--budget", "40000",
                "--data", synth.toString(), "--dry-run").code(), "--data without --finetune-epochs");
    }

    @Test
    void taylorMeasuresGradientsOnTheTrainingImages() {
        Path synth = dir.resolve("food");
        netcompress.datasets.synth.SynthFood11Generator.generate(synth,
                netcompress.datasets.synth.SynthOptions.defaults().withScale(0.02).withSize(48, 36).withThreads(2), false, (d, t) -> { });
        Path out = dir.resolve("t.onnx");
        CliRun r = CliRun.of("prune", "--model", Fixtures.path("student.onnx").toString(), "--budget", "40000", "--criterion", "taylor",
                "--data", synth.toString(), "--teacher", Fixtures.path("student_dw.onnx").toString(), "--taylor-images", "32", "--out", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("taylor: (sum of w x grad)^2 per channel group over 32 training images in 1 round (kd"), r.out());
        long count = ParameterCount.of(OnnxModels.read(out)).parameters();
        assertTrue(count <= 40_000 && count >= 39_600, "count " + count);
        CliRun noData = CliRun.of("prune", "--model", Fixtures.path("student.onnx").toString(), "--budget", "40000", "--criterion", "taylor", "--dry-run");
        assertEquals(2, noData.code());
        assertTrue(noData.err().contains("--criterion taylor needs --data"), noData.err());
    }

    @Test
    void dryRunWithRatioWritesNothing() {
        Path out = dir.resolve("dry.onnx");
        CliRun r = CliRun.of("prune", "--model", Fixtures.path("mini_mbv2.onnx").toString(), "--ratio", "0.5", "--steps", "2", "--dry-run", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("step 2"), r.out());
        assertFalse(Files.exists(out));
    }
}
