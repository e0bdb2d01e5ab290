package netcompress.runtime.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.quant.QdqQuantizer;
import netcompress.onnx.tensor.Npy;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * int8 copies of PyTorch's files, calibrated on the fixtures' inputs: ONNX Runtime must fuse every
 * convolution into a QLinearConv (otherwise nothing got faster) and the logits must stay close to PyTorch's.
 */
class Int8QuantizationTest {
    @Test
    void theTrainedFashionMnistNetKeepsItsPredictions(@TempDir Path dir) throws Exception {
        Npy.Array in = Npy.read(Fixtures.path("fmnist_test16_input.npy"));
        float[] expected = Npy.read(Fixtures.path("fmnist_test16_logits.npy")).data();
        ModelProto q = calibrated("fmnist_cnn.onnx", in, 3);
        float[] got = run(q, in, dir.resolve("opt.onnx"), 3);
        int[] labels = Fixtures.fmnistTest16Labels();
        int agree = 0;
        int rightFloat = 0;
        int rightInt8 = 0;
        for (int i = 0; i < 16; i++) {
            int f = argmax(expected, i, 10);
            int g = argmax(got, i, 10);
            agree += f == g ? 1 : 0;
            rightFloat += f == labels[i] ? 1 : 0;
            rightInt8 += g == labels[i] ? 1 : 0;
        }
        assertTrue(agree >= 15, agree + "/16 top-1 agree with PyTorch"); // 16/16 here; relative errors 0.1-0.4%, bounds at 2%
        assertTrue(rightInt8 >= rightFloat - 1, rightInt8 + " right in int8, " + rightFloat + " in float");
        assertTrue(relativeError(expected, got) < 0.02, "relative logit error " + relativeError(expected, got));
    }

    @ParameterizedTest
    @ValueSource(strings = {"student_bn.onnx", "student_dw_bn.onnx", "mini_mbv2.onnx"})
    void batchNormDepthwiseAndResidualFixturesFuseEveryConv(String file, @TempDir Path dir) throws Exception {
        Npy.Array in = Npy.read(Fixtures.path("input_4x3x142x142.npy"));
        String logits = file.replace("_bn", "").replace(".onnx", "_logits.npy");
        float[] expected = Npy.read(Fixtures.path(logits)).data();
        ModelProto model = OnnxModels.read(Fixtures.path(file));
        int convs = (int) model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count();
        float[] got = run(calibrated(file, in, convs), in, dir.resolve("opt.onnx"), convs);
        assertTrue(relativeError(expected, got) < 0.02, file + ": relative logit error " + relativeError(expected, got));
    }

    @Test
    void quantizingNeedsACalibrationBatchFirst() {
        QdqQuantizer.Plan plan = QdqQuantizer.plan(OnnxModels.read(Fixtures.path("student.onnx")), "student.onnx");
        try (Calibrator c = new Calibrator(plan, "student.onnx", 1)) {
            assertThrows(IllegalStateException.class, c::quantize);
        }
    }

    private static ModelProto calibrated(String file, Npy.Array in, int expectedConvs) {
        QdqQuantizer.Plan plan = QdqQuantizer.plan(OnnxModels.read(Fixtures.path(file)), file);
        try (Calibrator c = new Calibrator(plan, file, 1)) {
            c.observe(direct(in.data()), (int) in.shape()[0], (int) in.shape()[1], (int) in.shape()[2], (int) in.shape()[3]);
            assertEquals(in.shape()[0], c.images());
            assertEquals(plan.tensors().size(), c.ranges().size());
            QdqQuantizer.Result r = c.quantize();
            assertEquals(expectedConvs, r.convs());
            return r.model();
        }
    }

    /** Runs {@code model} with all optimisations, saving ONNX Runtime's optimised graph to check what it fused. */
    private static float[] run(ModelProto model, Npy.Array in, Path optimized, int expectedQLinearConvs) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            opts.setOptimizedModelFilePath(optimized.toString());
            try (OrtSession s = env.createSession(model.toByteArray(), opts);
                 OnnxTensor t = OnnxTensor.createTensor(env, direct(in.data()), in.shape());
                 OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                ModelProto opt = OnnxModels.read(optimized);
                long qconv = opt.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("QLinearConv")).count();
                long floatConv = opt.getGraph().getNodeList().stream().map(NodeProto::getOpType)
                        .filter(op -> op.equals("Conv") || op.equals("FusedConv")).count();
                assertEquals(expectedQLinearConvs, qconv, "QLinearConv nodes after ONNX Runtime's fusion");
                assertEquals(0, floatConv, "float convolutions left");
                FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                return v;
            }
        }
    }

    private static FloatBuffer direct(float[] data) {
        FloatBuffer b = ByteBuffer.allocateDirect(data.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(data).flip();
        return b;
    }

    /** Largest logit difference over the spread of the reference logits. */
    private static double relativeError(float[] expected, float[] got) {
        double maxDiff = 0;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - got[i]));
            lo = Math.min(lo, expected[i]);
            hi = Math.max(hi, expected[i]);
        }
        return maxDiff / (hi - lo);
    }

    private static int argmax(float[] v, int row, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[row * k + j] > v[row * k + best]) {
                best = j;
            }
        }
        return best;
    }
}
