package netcompress.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** quantize through the command line: an int8 file predict can use, its provenance, refusals. */
class QuantizeCommandTest {
    @TempDir
    Path dir;

    private Path images(int n) throws Exception {
        Path d = dir.resolve("calibration");
        for (int i = 0; i < n; i++) {
            PredictEvalCommandTest.image(d.resolve(i % 2 == 0 ? "a" : "b").resolve(i + ".jpg"), i + 1);
        }
        return d;
    }

    @Test
    void writesAnInt8ModelThatPredictsLikeTheFloatOne() throws Exception {
        Path data = images(8);
        Path src = Fixtures.path("student_dw_bn.onnx");
        Path out = dir.resolve("int8.onnx");
        CliRun r = CliRun.of("quantize", "--model", src.toString(), "--data", data.toString(), "--out", out.toString(), "--images", "6");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("int8: 7 convolutions quantized") && r.out().contains("calibrated on 6 images"), r.out());
        ModelProto q = OnnxModels.read(out);
        // BN folded into the convolutions, as in PyTorch's own folded export of the same weights
        assertEquals(ParameterCount.of(OnnxModels.read(Fixtures.path("student_dw.onnx"))).parameters(), ParameterCount.of(q).parameters());
        Map<String, Object> prov = ModelMetadata.provenance(q);
        assertTrue(prov.containsKey("quantize") && prov.get("quantize").toString().contains("top1Agreement"), prov.toString());

        Path floatCsv = dir.resolve("float.csv");
        Path int8Csv = dir.resolve("int8.csv");
        for (Path[] m : new Path[][] {{src, floatCsv}, {out, int8Csv}}) {
            CliRun p = CliRun.of("predict", "--model", m[0].toString(), "--images", data.toString(), "--out", m[1].toString(), "--device", "cpu");
            assertEquals(0, p.code(), p.err());
        }
        List<String> f = Files.readAllLines(floatCsv);
        List<String> i8 = Files.readAllLines(int8Csv);
        assertEquals(f.size(), i8.size());
        long same = java.util.stream.IntStream.range(1, f.size()).filter(i -> f.get(i).equals(i8.get(i))).count();
        assertTrue(same >= f.size() - 2, same + " of " + (f.size() - 1) + " predictions agree:\n" + f + "\n" + i8);

        CliRun again = CliRun.of("quantize", "--model", src.toString(), "--data", data.toString(), "--out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already exists; pass --force"), again.err());
    }

    @Test
    void aCalibrationImageThatDoesNotDecodeStopsItAndWritesNothing() throws Exception {
        Path data = images(4);
        Files.writeString(data.resolve("a").resolve("2.jpg"), "not a jpeg");
        Path out = dir.resolve("int8.onnx");
        CliRun r = CliRun.of("quantize", "--model", Fixtures.path("student.onnx").toString(), "--data", data.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("2.jpg") && r.err().contains("calibration images must all decode"), r.err());
        assertFalse(Files.exists(out));
        CliRun missing = CliRun.of("quantize", "--model", Fixtures.path("student.onnx").toString(), "--data", dir.resolve("nope").toString(),
                "--out", out.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope: no such folder"), missing.err());
    }
}
