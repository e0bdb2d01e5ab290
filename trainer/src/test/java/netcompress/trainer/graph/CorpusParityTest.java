package netcompress.trainer.graph;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.tensor.Npy;
import netcompress.testdata.NpyArray;
import netcompress.testdata.corpus.ExportCorpus;
import netcompress.trainer.teacher.OrtTeacher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.FloatBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** DJL runs every real PyTorch export of the corpus with PyTorch's logits and ONNX Runtime's (1e-4). */
class CorpusParityTest {
    @BeforeAll
    static void corpus() {
        assumeTrue(ExportCorpus.skipReason() == null, ExportCorpus.skipReason());
    }

    static List<ExportCorpus.Entry> entries() {
        return ExportCorpus.entries();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void evalForwardMatchesPyTorchAndOnnxRuntime(ExportCorpus.Entry e) {
        ModelProto model = OnnxModels.read(e.file());
        NpyArray input = NpyArray.of(Npy.read(e.input()));
        NpyArray expected = NpyArray.of(Npy.read(e.logits()));
        float[] djl;
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); OnnxBlock block = OnnxBlock.of(model, m, Device.cpu())) {
            NDArray x = m.create(FloatBuffer.wrap(input.data()), new Shape(input.shapeAsLong()));
            djl = block.forward(x, false).toFloatArray();
        }
        float[] ort;
        try (OrtTeacher t = new OrtTeacher(model, e.toString(), 1)) {
            ort = t.logits(FloatBuffer.wrap(input.data()), input.dim(0), input.dim(1), input.dim(2), input.dim(3));
        }
        assertEquals(expected.data().length, djl.length);
        for (int i = 0; i < djl.length; i++) {
            assertEquals(expected.data()[i], djl[i], 1e-4, e + " vs PyTorch at " + i);
            assertEquals(ort[i], djl[i], 1e-4, e + " vs ONNX Runtime at " + i);
        }
    }
}
