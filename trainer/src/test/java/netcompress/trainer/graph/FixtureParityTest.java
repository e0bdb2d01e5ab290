package netcompress.trainer.graph;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.io.OnnxModels;
import netcompress.testdata.FixtureModel;
import netcompress.testdata.Fixtures;
import netcompress.testdata.NpyArray;
import netcompress.trainer.teacher.OrtTeacher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.FloatBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The DJL interpretation of PyTorch-exported graphs reproduces PyTorch's own logits and ONNX Runtime's. */
class FixtureParityTest {
    static List<FixtureModel> models() {
        return Fixtures.MODELS;
    }

    @ParameterizedTest
    @MethodSource("models")
    void evalForwardMatchesPyTorchAndOnnxRuntime(FixtureModel fm) {
        ModelProto model = OnnxModels.read(Fixtures.path(fm.file()));
        NpyArray input = Fixtures.npy(fm.sampleInput());
        NpyArray expected = Fixtures.npy(fm.expectedLogits());
        float[] djl;
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); OnnxBlock block = OnnxBlock.of(model, m, Device.cpu())) {
            NDArray x = m.create(FloatBuffer.wrap(input.data()), new Shape(input.shapeAsLong()));
            djl = block.forward(x, false).toFloatArray();
        }
        float[] ort;
        try (OrtTeacher t = new OrtTeacher(model, fm.file(), 1)) {
            ort = t.logits(FloatBuffer.wrap(input.data()), input.dim(0), input.dim(1), input.dim(2), input.dim(3));
        }
        assertEquals(expected.data().length, djl.length);
        for (int i = 0; i < djl.length; i++) {
            assertEquals(expected.data()[i], djl[i], 1e-4, fm.file() + " vs PyTorch at " + i);
            assertEquals(ort[i], djl[i], 1e-4, fm.file() + " vs ONNX Runtime at " + i);
        }
    }
}
