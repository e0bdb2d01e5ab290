package netcompress.cli;

import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCountCommandTest {
    @TempDir
    Path dir;



    @ParameterizedTest
    @CsvSource({"student_bn.onnx, '87,907'", "student_dw_bn.onnx, '13,667'", "mini_mbv2_bn.onnx, '62,331'"})
    void countEqualsPyTorchAndExitsZeroWithinBudget(String file, String expected) {
        CliRun r = CliRun.of("count", Fixtures.path(file).toString(), "--budget", "100000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Total params: " + expected), r.out());
    }

    @Test
    void countOverBudgetExitsOne() {
        CliRun r = CliRun.of("count", Fixtures.path("student_bn.onnx").toString(), "--budget", "50000");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("OVER budget by 37,907"), r.out());
    }

    @Test
    void foldedFileSaysBnWasFolded() {
        CliRun r = CliRun.of("count", Fixtures.path("student.onnx").toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Total params: 87,451"), r.out());
        assertTrue(r.out().contains("folded"), r.out());
    }

    @Test
    void inspectPrintsOneRowPerLayerWithShapes() {
        CliRun r = CliRun.of("inspect", Fixtures.path("student_bn.onnx").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[N, 32, 140, 140]"), r.out());
        assertTrue(r.out().contains("[N, 11]"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.contains("BatchNormalization")).count());
    }

    @Test
    void corruptModelsExitTwoWithTheFileNamed() throws Exception {
        byte[] full = Files.readAllBytes(Fixtures.path("student_bn.onnx"));
        byte[][] cases = {new byte[0], "not a model".getBytes(), Arrays.copyOf(full, full.length / 2)};
        for (int i = 0; i < cases.length; i++) {
            Path f = dir.resolve("bad" + i + ".onnx");
            Files.write(f, cases[i]);
            for (String cmd : new String[] {"inspect", "count"}) {
                CliRun r = CliRun.of(cmd, f.toString());
                assertEquals(2, r.code(), cmd + " case " + i + ": " + r.err());
                assertTrue(r.err().contains(f.toString()), r.err());
                assertFalse(r.err().contains("at netcompress."), "no stack trace without --verbose: " + r.err());
            }
        }
        assertEquals(2, CliRun.of("count", dir.resolve("missing.onnx").toString()).code());
        assertEquals(2, CliRun.of("count").code(), "missing parameter is a usage error");
    }
}
