package netcompress.runtime.session;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.tensor.Npy;
import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.loading.ImageItem;
import netcompress.runtime.loading.SampleLoader;
import netcompress.runtime.model.ClassifierModel;
import netcompress.runtime.model.ModelLoader;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.progress.Progress;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSessionTest {
    private static final SessionSettings CPU = SessionSettings.cpu(1);
    private final List<String> warnings = new ArrayList<>();

    private static List<ImageItem> items(int n) {
        List<ImageItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new ImageItem(i, Path.of("row" + i), -1));
        }
        return items;
    }

    private Predictions runFixture(Path model, Npy.Array input, int batch, int decoders) {
        try (ClassifierModel m = ModelLoader.load(model, CPU, PreprocessOverrides.none(), warnings::add)) {
            Predictor p = new Predictor(List.of(m), new Predictor.Options(batch, decoders, false, BadImagePolicy.STOP),
                    Progress.silent(), warnings::add);
            return p.run(items((int) input.shape()[0]), SampleLoader.tensors(input));
        }
    }

    private static void assertLogits(Npy.Array expected, Predictions p, double tol) {
        int k = (int) expected.shape()[1];
        assertEquals(k, p.classes());
        for (int i = 0; i < expected.shape()[0]; i++) {
            for (int c = 0; c < k; c++) {
                assertEquals(expected.data()[i * k + c], p.logits()[i][c], tol, "image " + i + " class " + c);
            }
        }
    }

    /** PyTorch's logits for the fixtures' inputs, reproduced through the batched pipeline. */
    @ParameterizedTest
    @CsvSource({
            "student.onnx, input_4x3x142x142.npy, student_logits.npy, 3",
            "student_dw.onnx, input_4x3x142x142.npy, student_dw_logits.npy, 2",
            "student_dw_bn.onnx, input_4x3x142x142.npy, student_dw_logits.npy, 4",
            "mini_mbv2.onnx, input_4x3x142x142.npy, mini_mbv2_logits.npy, 1",
            "fmnist_cnn.onnx, fmnist_test16_input.npy, fmnist_test16_logits.npy, 5",
    })
    void reproducesPyTorchLogits(String model, String input, String logits, int batch) {
        Npy.Array in = Npy.read(Fixtures.path(input));
        Predictions p = runFixture(Fixtures.path(model), in, batch, 2);
        assertLogits(Npy.read(Fixtures.path(logits)), p, 1e-4);
    }

    @Test
    void fixedBatchModelsGetFullPaddedBatches(@TempDir Path dir) throws Exception {
        ModelProto m = OnnxModels.read(Fixtures.path("student_dw.onnx"));
        ModelProto.Builder b = m.toBuilder();
        OnnxMl.TensorShapeProto.Dimension.Builder dim = b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                .getShapeBuilder().getDimBuilder(0);
        dim.clear().setDimValue(3);
        Path fixed = dir.resolve("fixed3.onnx");
        Files.write(fixed, b.build().toByteArray());
        Npy.Array in = Npy.read(Fixtures.path("input_4x3x142x142.npy"));
        Predictions p = runFixture(fixed, in, 64, 1);
        assertLogits(Npy.read(Fixtures.path("student_dw_logits.npy")), p, 1e-4);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("batches of exactly 3")), warnings.toString());
    }

    @Test
    void refusesModelsThatAreNotImageClassifiers(@TempDir Path dir) throws Exception {
        OnnxMl.ValueInfoProto in = value("x", 2);
        OnnxMl.ValueInfoProto out = value("y", 2);
        ModelProto m = ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(OnnxMl.GraphProto.newBuilder().setName("g").addInput(in).addOutput(out)
                        .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput("x").addOutput("y")))
                .build();
        Path f = dir.resolve("vector.onnx");
        Files.write(f, m.toByteArray());
        BadInputException e = assertThrows(BadInputException.class, () -> ModelLoader.load(f, CPU, PreprocessOverrides.none(), warnings::add));
        assertTrue(e.getMessage().contains("vector.onnx") && e.getMessage().contains("expected one [N,C,H,W] float image tensor"), e.getMessage());
    }

    private static OnnxMl.ValueInfoProto value(String name, int rank) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int i = 1; i < rank; i++) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(5));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    @Test
    void refusesPreprocessingThatDoesNotFitTheInput(@TempDir Path dir) throws Exception {
        // fmnist takes 1x28x28; metadata asking for RGB 142x142 cannot feed it
        ModelProto m = ModelMetadata.withPreprocess(OnnxModels.read(Fixtures.path("fmnist_cnn.onnx")), PreprocessSpec.assignmentDefault());
        Path f = dir.resolve("rgb_meta.onnx");
        Files.write(f, m.toByteArray());
        BadInputException e = assertThrows(BadInputException.class, () -> ModelLoader.load(f, CPU, PreprocessOverrides.none(), warnings::add));
        assertTrue(e.getMessage().contains("takes 1 channel(s) but the preprocessing makes 3"), e.getMessage());
        // the student has a fixed 142x142 input: --size 100 cannot work
        BadInputException size = assertThrows(BadInputException.class, () -> ModelLoader.load(Fixtures.path("student.onnx"), CPU,
                new PreprocessOverrides(new int[]{100, 100}, null, null), warnings::add));
        assertTrue(size.getMessage().contains("takes 142x142 images but the preprocessing makes 100x100"), size.getMessage());
    }

    @Test
    void preprocessingComesFromFlagsThenMetadataThenTheInputShape() {
        InputSignature fixed = new InputSignature("x", -1, 1, 28, 28);
        assertEquals(PreprocessSpec.of(28, 28, 1), ModelLoader.resolve(null, fixed, PreprocessOverrides.none()));
        InputSignature open = new InputSignature("x", -1, 3, -1, -1);
        assertEquals(PreprocessSpec.assignmentDefault(), ModelLoader.resolve(null, open, PreprocessOverrides.none()));
        PreprocessSpec meta = PreprocessSpec.of(64, 64, 3);
        assertEquals(meta, ModelLoader.resolve(meta, open, PreprocessOverrides.none()));
        PreprocessSpec flagged = ModelLoader.resolve(meta, open, new PreprocessOverrides(new int[]{32, 48}, new float[]{0.5f}, null));
        assertEquals(32, flagged.height());
        assertEquals(48, flagged.width());
        assertEquals(0.5f, flagged.mean()[2]);
    }
}
