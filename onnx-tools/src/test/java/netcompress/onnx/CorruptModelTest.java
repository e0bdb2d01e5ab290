package netcompress.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.errors.BadInputException;
import netcompress.errors.ExitCode;
import netcompress.onnx.io.OnnxModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a model file can be broken gets a message naming the file and exit code 2. */
class CorruptModelTest {
    @TempDir
    Path dir;

    private BadInputException refuse(byte[] bytes, String expectedFragment) throws Exception {
        Path f = dir.resolve("model.onnx");
        Files.write(f, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxModels.read(f));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
        return e;
    }

    private static byte[] fixture() throws Exception {
        return Files.readAllBytes(TestFixtures.path("student_bn.onnx"));
    }

    @Test
    void emptyFile() throws Exception {
        refuse(new byte[0], "empty");
    }

    @Test
    void randomBytes() throws Exception {
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        refuse(junk, "not");
    }

    @Test
    void textFile() throws Exception {
        refuse("hello, I am not a model\n".getBytes(), "not");
    }

    @Test
    void truncatedAtManyPoints() throws Exception {
        byte[] full = fixture();
        for (int cut : new int[] {1, 10, 100, 1000, full.length / 3, full.length / 2, full.length - 100, full.length - 1}) {
            Path f = dir.resolve("cut" + cut + ".onnx");
            Files.write(f, Arrays.copyOf(full, cut));
            BadInputException e = assertThrows(BadInputException.class, () -> OnnxModels.read(f), "cut at " + cut);
            assertTrue(e.getMessage().contains(f.toString()));
        }
    }

    @Test
    void overSizeLimit() throws Exception {
        System.setProperty("netcompress.maxModelBytes", "1000");
        try {
            refuse(fixture(), "over the limit");
        } finally {
            System.clearProperty("netcompress.maxModelBytes");
        }
    }

    @Test
    void externalDataIsRefusedWithoutOpeningThePath() throws Exception {
        ModelProto m = TestFixtures.model("student_bn.onnx");
        TensorProto t = m.getGraph().getInitializer(0);
        TensorProto ext = t.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("/etc/passwd")).build();
        refuse(m.toBuilder().setGraph(m.getGraph().toBuilder().setInitializer(0, ext)).build().toByteArray(), "external");
    }

    @Test
    void missingTensorReference() throws Exception {
        ModelProto m = TestFixtures.model("student_bn.onnx");
        NodeProto n = m.getGraph().getNode(2).toBuilder().setInput(0, "nowhere").build();
        refuse(m.toBuilder().setGraph(m.getGraph().toBuilder().setNode(2, n)).build().toByteArray(), "'nowhere'");
    }

    @Test
    void cycle() throws Exception {
        ModelProto m = TestFixtures.model("student_bn.onnx");
        // the first node reads the output of a later one
        var g = m.getGraph();
        String later = g.getNode(5).getOutput(0);
        NodeProto first = g.getNode(0).toBuilder().setInput(0, later).build();
        refuse(m.toBuilder().setGraph(g.toBuilder().setNode(0, first)).build().toByteArray(), "cycle");
    }

    @Test
    void weightDataShorterThanDims() throws Exception {
        ModelProto m = TestFixtures.model("student_bn.onnx");
        TensorProto t = m.getGraph().getInitializer(0);
        TensorProto shortT = t.toBuilder().setRawData(t.getRawData().substring(0, t.getRawData().size() - 4)).build();
        refuse(m.toBuilder().setGraph(m.getGraph().toBuilder().setInitializer(0, shortT)).build().toByteArray(), "truncated or corrupt");
    }

    @Test
    void folderInsteadOfFile() {
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxModels.read(dir));
        assertTrue(e.getMessage().contains(dir.toString()));
    }

    @Test
    void missingFile() {
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxModels.read(dir.resolve("nope.onnx")));
        assertTrue(e.getMessage().contains("no such file"));
    }
}
