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
    void dryRunWithRatioWritesNothing() {
        Path out = dir.resolve("dry.onnx");
        CliRun r = CliRun.of("prune", "--model", Fixtures.path("mini_mbv2.onnx").toString(), "--ratio", "0.5", "--steps", "2", "--dry-run", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("step 2"), r.out());
        assertFalse(Files.exists(out));
    }
}
