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

    @Test
    void inspectPrintsTheHistoryAppendedByEachStep() {
        Path pruned = dir.resolve("pruned.onnx");
        Path again = dir.resolve("again.onnx");
        assertEquals(0, CliRun.of("prune", "--model", Fixtures.path("student_bn.onnx").toString(), "--budget", "60000", "--out", pruned.toString()).code());
        assertEquals(0, CliRun.of("prune", "--model", pruned.toString(), "--budget", "40000", "--out", again.toString()).code());
        CliRun r = CliRun.of("inspect", again.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("History:"), r.out());
        assertTrue(r.out().matches("(?s).*1\\. prune \\(input sha256 [0-9a-f]{12}\\.\\.\\.\\).*2\\. prune \\(input sha256.*"), r.out());
    }

    @Test
    void countSaysWhatNothingHereCanRun() throws Exception {
        netcompress.onnx.graph.GraphBuilder b = new netcompress.onnx.graph.GraphBuilder("future", 1);
        b.input("input", -1, 3, 8, 8);
        String y = b.relu(b.conv("input", 4, 3, 1, 1, 1, true));
        b.output(b.gemm(b.flatten(b.globalAvgPool(y)), 2), "logits");
        ai.onnx.proto.OnnxMl.GraphProto.Builder g = b.build().getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOpType().equals("Relu")) {
                g.setNode(i, g.getNode(i).toBuilder().setDomain("com.example"));
            }
        }
        Path f = dir.resolve("future.onnx");
        netcompress.onnx.io.OnnxModels.write(b.build().toBuilder().setGraph(g).clearOpsetImport()
                .addOpsetImport(ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(netcompress.onnx.ops.Ops.NEWEST_RUNTIME_OPSET + 1))
                .addOpsetImport(ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1)).build(), f, false);
        CliRun r = CliRun.of("count", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("newer than ONNX Runtime here implements"), r.out());
        assertTrue(r.out().contains("custom-domain op com.example:Relu has no implementation here"), r.out());
    }

    @Test
    void aConvWeightThatDoesNotFitItsInputNamesTheFile() throws Exception {
        netcompress.onnx.graph.GraphBuilder b = new netcompress.onnx.graph.GraphBuilder("misfit", 13);
        b.input("input", -1, 3, 8, 8);
        String y = b.conv("input", 4, 3, 1, 1, 1, false);
        b.output(b.gemm(b.flatten(b.globalAvgPool(y)), 2), "logits");
        ai.onnx.proto.OnnxMl.GraphProto.Builder g = b.build().getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getDimsCount() == 4) {
                g.setInitializer(i, netcompress.onnx.tensor.Tensors.floatTensor(g.getInitializer(i).getName(), new long[] {4, 5, 3, 3}, new float[4 * 5 * 9]));
            }
        }
        Path f = dir.resolve("misfit.onnx");
        netcompress.onnx.io.OnnxModels.write(b.build().toBuilder().setGraph(g).build(), f, false);
        for (String cmd : new String[] {"inspect", "count"}) {
            CliRun r = CliRun.of(cmd, f.toString());
            assertEquals(2, r.code(), cmd + ": " + r.out() + r.err());
            assertTrue(r.err().contains(f.toString()) && r.err().contains("does not fit"), cmd + ": " + r.err());
        }
    }

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
