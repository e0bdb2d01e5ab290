package netcompress.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.tensor.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataTest {
    @TempDir
    Path dir;

    @Test
    void preprocessingClassNamesAndProvenanceSurviveAFileRoundTrip() {
        ModelProto m = TestFixtures.model("student.onnx");
        PreprocessSpec spec = new PreprocessSpec(64, 48, PreprocessSpec.SHORTER_CENTER_CROP, new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.2f, 0.25f}, 3);
        m = ModelMetadata.withPreprocess(m, spec);
        m = ModelMetadata.withClassNames(m, List.of("bread", "dairy"));
        m = ModelMetadata.withProvenanceStep(m, "distill", null, Map.of("alpha", 0.5));
        ModelProto distilled = m;
        m = ModelMetadata.withProvenanceStep(m, "prune", distilled, Map.of("budget", 100000));
        m = ModelMetadata.withProvenanceStep(m, "distill", m, Map.of("alpha", 0.9));
        Path f = dir.resolve("m.onnx");
        OnnxModels.write(m, f, false);
        ModelProto back = OnnxModels.read(f);
        assertEquals(spec, ModelMetadata.preprocess(back).orElseThrow());
        assertEquals(List.of("bread", "dairy"), ModelMetadata.classNames(back).orElseThrow());
        List<Map<String, Object>> history = ModelMetadata.history(back);
        assertEquals(List.of("distill", "prune", "distill"), history.stream().map(r -> r.get(ModelMetadata.STEP)).toList(),
                "steps are appended, never overwritten");
        assertEquals(0.5, history.get(0).get("alpha"));
        assertEquals(0.9, history.get(2).get("alpha"));
        assertEquals(null, history.get(0).get(ModelMetadata.INPUT_SHA256), "built from scratch");
        assertEquals(ModelMetadata.sha256(distilled.toByteArray()), history.get(1).get(ModelMetadata.INPUT_SHA256));
        assertEquals(List.of("distill", "prune"), List.copyOf(ModelMetadata.provenance(back).keySet()));
        assertEquals(0.9, ((Map<?, ?>) ModelMetadata.provenance(back).get("distill")).get("alpha"), "the latest record of a step");
        assertThrows(BadInputException.class, () -> OnnxModels.write(back, f, false), "no overwrite without force");
        OnnxModels.write(back, f, true);
    }

    @Test
    void defaultIsTheAssignmentsPreprocessing() {
        PreprocessSpec d = PreprocessSpec.assignmentDefault();
        assertEquals(142, d.height());
        assertEquals(142, d.width());
        assertArrayEquals(new float[] {0, 0, 0}, d.mean());
        assertArrayEquals(new float[] {1, 1, 1}, d.std());
    }

    @Test
    void badSpecsAreRefused() {
        assertThrows(BadInputException.class, () -> new PreprocessSpec(0, 10, PreprocessSpec.STRETCH, new float[3], new float[] {1, 1, 1}, 3));
        assertThrows(BadInputException.class, () -> new PreprocessSpec(10, 10, PreprocessSpec.STRETCH, new float[3], new float[] {1, 0, 1}, 3));
        assertThrows(BadInputException.class, () -> PreprocessSpec.fromJson("{\"height\": 3"));
    }

    @Test
    void npyRoundTrip() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Path f = dir.resolve("x.npy");
        Npy.write(f, false, new long[] {2, 3}, data);
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(data, a.data());
        Npy.Array fixture = TestFixtures.npy("input_4x3x142x142.npy");
        assertArrayEquals(new long[] {4, 3, 142, 142}, fixture.shape());
        assertTrue(Npy.parse(Npy.toBytes(new long[] {5}, new float[5]), "1d").shape().length == 1);
    }
}
