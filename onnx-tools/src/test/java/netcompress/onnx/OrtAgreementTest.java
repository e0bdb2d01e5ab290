package netcompress.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.tensor.Npy;
import netcompress.onnx.transform.BnFolding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime is the ground truth: what we read, build and fold must run there and agree with PyTorch. */
class OrtAgreementTest {

    @ParameterizedTest
    @CsvSource({
            "student_bn.onnx, student_logits.npy",
            "student_dw_bn.onnx, student_dw_logits.npy",
            "mini_mbv2_bn.onnx, mini_mbv2_logits.npy",
    })
    void bnFoldedFixtureMatchesPyTorchLogits(String file, String logits) throws Exception {
        ModelProto m = TestFixtures.model(file);
        BnFolding.Result folded = BnFolding.fold(m);
        assertTrue(folded.folded() > 0);
        assertEquals(0, ParameterCount.of(folded.model()).batchNormNodes());
        assertTrue(ModelChecker.problems(folded.model()).isEmpty(), ModelChecker.problems(folded.model()).toString());
        Npy.Array in = TestFixtures.npy("input_4x3x142x142.npy");
        Npy.Array expected = TestFixtures.npy(logits);
        float[] got = OrtRunner.run(folded.model(), in.shape(), in.data());
        assertTrue(OrtRunner.maxAbsDiff(expected.data(), got) < 1e-4, "diff " + OrtRunner.maxAbsDiff(expected.data(), got));
        // folding is exact up to rounding: the original with BN agrees with the folded one too
        float[] original = OrtRunner.run(m, in.shape(), in.data());
        assertTrue(OrtRunner.maxAbsDiff(original, got) < 1e-4);
    }

    @Test
    void fmnistFixtureMatchesItsLogits() throws Exception {
        Npy.Array in = TestFixtures.npy("fmnist_test16_input.npy");
        float[] got = OrtRunner.run(TestFixtures.model("fmnist_cnn.onnx"), in.shape(), in.data());
        assertTrue(OrtRunner.maxAbsDiff(TestFixtures.npy("fmnist_test16_logits.npy").data(), got) < 1e-4);
    }

    @Test
    void builderModelRunsInOnnxRuntimeWithInferredShape() throws Exception {
        GraphBuilder b = new GraphBuilder("built", 42);
        String x = b.input("input", -1, 3, 32, 32);
        String y = b.relu(b.batchNorm(b.conv(x, 8, 3, 1, 1, 1, false)));
        String dw = b.relu6(b.batchNorm(b.conv(y, 8, 3, 1, 1, 8, false)));
        String res = b.add(y, dw);
        String se = b.mul(res, b.sigmoid(b.conv(b.globalAvgPool(res), 8, 1, 1, 0, 1, true)));
        String cat = b.concat(1, se, b.hardSwish(res));
        String half = b.sliceChannels(cat, 0, 12);
        String pooled = b.maxPool(half, 2, 2);
        b.output(b.gemm(b.flatten(b.globalAvgPool(pooled)), 11), "logits");
        ModelProto m = b.build();
        assertTrue(ModelChecker.problems(m).isEmpty(), ModelChecker.problems(m).toString());
        float[] input = new float[2 * 3 * 32 * 32];
        Random r = new Random(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = r.nextFloat();
        }
        float[] out = OrtRunner.run(m, new long[] {2, 3, 32, 32}, input);
        assertEquals(22, out.length);
        // folding the builder's BNs keeps its outputs
        float[] folded = OrtRunner.run(BnFolding.fold(m).model(), new long[] {2, 3, 32, 32}, input);
        assertTrue(OrtRunner.maxAbsDiff(out, folded) < 1e-4);
    }

    @Test
    void sameSeedBuildsTheSameModel() {
        assertArrayEquals(build(7).toByteArray(), build(7).toByteArray());
    }

    private static ModelProto build(long seed) {
        GraphBuilder b = new GraphBuilder("s", seed);
        String x = b.input("input", -1, 3, 16, 16);
        b.output(b.gemm(b.flatten(b.globalAvgPool(b.conv(x, 4, 3, 1, 1, 1, true))), 2), "logits");
        return b.build();
    }
}
