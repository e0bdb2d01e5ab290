package netcompress.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.shape.ShapeInference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeInferenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"student.onnx", "student_bn.onnx", "student_dw.onnx", "student_dw_bn.onnx", "mini_mbv2.onnx", "mini_mbv2_bn.onnx"})
    void everyImageFixtureEndsInNBy11(String file) {
        Map<String, long[]> s = ShapeInference.infer(TestFixtures.model(file));
        assertArrayEquals(new long[] {ShapeInference.UNKNOWN, 11}, s.get("logits"));
        assertArrayEquals(new long[] {4, 11}, ShapeInference.infer(TestFixtures.model(file), 4).get("logits"));
    }

    @Test
    void fashionMnistFixtureEndsInNBy10() {
        assertArrayEquals(new long[] {ShapeInference.UNKNOWN, 10}, ShapeInference.infer(TestFixtures.model("fmnist_cnn.onnx")).get("logits"));
    }

    @Test
    void studentIntermediateShapes() {
        ModelProto m = TestFixtures.model("student_bn.onnx");
        Map<String, long[]> s = ShapeInference.infer(m, 1);
        // Conv3x3 (no padding) 142->140->138, pool 69, conv 67, pool 33, conv 31, pool 15, GAP 1
        List<long[]> convOuts = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv"))
                .map(n -> s.get(n.getOutput(0))).toList();
        assertArrayEquals(new long[] {1, 32, 140, 140}, convOuts.get(0));
        assertArrayEquals(new long[] {1, 32, 138, 138}, convOuts.get(1));
        assertArrayEquals(new long[] {1, 64, 67, 67}, convOuts.get(2));
        assertArrayEquals(new long[] {1, 100, 31, 31}, convOuts.get(3));
        List<long[]> pools = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("MaxPool"))
                .map(n -> s.get(n.getOutput(0))).toList();
        assertArrayEquals(new long[] {1, 32, 69, 69}, pools.get(0));
        assertArrayEquals(new long[] {1, 64, 33, 33}, pools.get(1));
        assertArrayEquals(new long[] {1, 100, 15, 15}, pools.get(2));
    }

    @Test
    void fmnistFlattenFeedsGemmWith576Features() {
        ModelProto m = TestFixtures.model("fmnist_cnn.onnx");
        Map<String, long[]> s = ShapeInference.infer(m, 2);
        String flat = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Flatten")).findFirst().orElseThrow().getOutput(0);
        assertArrayEquals(new long[] {2, 576}, s.get(flat));
    }

    @Test
    void builderOpsInferStridesPadsGroupsConcatSliceAndBroadcast() {
        GraphBuilder b = new GraphBuilder("ops", 0);
        String x = b.input("input", -1, 3, 33, 33);
        String c = b.conv(x, 8, 3, 2, 1, 1, false);
        assertArrayEquals(new long[] {-1, 8, 17, 17}, b.shape(c));
        String dw = b.conv(c, 8, 3, 1, 1, 8, false);
        assertArrayEquals(new long[] {-1, 8, 17, 17}, b.shape(dw));
        String cat = b.concat(1, c, dw);
        assertEquals(16, b.channels(cat));
        String sl = b.sliceChannels(cat, 4, 100);
        assertEquals(12, b.channels(sl));
        String se = b.mul(sl, b.hardSigmoid(b.globalAvgPool(sl)));
        assertArrayEquals(new long[] {-1, 12, 17, 17}, b.shape(se));
        String p = b.maxPool(se, 3, 2, 1);
        assertArrayEquals(new long[] {-1, 12, 9, 9}, b.shape(p));
    }

    @Test
    void unsupportedOpIsNamed() {
        GraphBuilder b = new GraphBuilder("bad", 0);
        String x = b.input("input", -1, 3, 8, 8);
        String y = b.node("Einsum", new String[] {x});
        BadInputException e = assertThrows(BadInputException.class, () -> b.shape(y));
        assertTrue(e.getMessage().contains("Einsum"), e.getMessage());
        assertTrue(e.getMessage().contains(y), e.getMessage());
    }

    @Test
    void reshapeZeroCopiesAnUnknownBatchAndTheMinusOneStaysKnown() {
        // PyTorch's x.reshape(0, -1) after global pooling: [N, 8, 1, 1] -> [N, 8]
        GraphBuilder b = new GraphBuilder("reshape0", 1);
        b.input("input", -1, 3, 6, 6);
        String p = b.globalAvgPool(b.conv("input", 8, 3, 1, 1, 1, true));
        String r = b.node("Reshape", new String[] {p, b.longInitializer("shape", new long[] {0, -1})});
        b.output(b.gemm(r, 5), "logits");
        Map<String, long[]> s = ShapeInference.infer(b.build());
        assertArrayEquals(new long[] {ShapeInference.UNKNOWN, 8}, s.get(r));
        assertArrayEquals(new long[] {ShapeInference.UNKNOWN, 5}, s.get("logits"));
    }

    @Test
    void maxMinAndSumBroadcastAllTheirInputs() {
        GraphBuilder b = new GraphBuilder("variadic", 1);
        b.input("input", -1, 3, 6, 6);
        String x = b.conv("input", 4, 3, 1, 1, 1, true);
        String gate = b.globalAvgPool(x);
        for (String op : new String[] {"Max", "Min", "Sum"}) {
            x = b.node(op, new String[] {x, gate, x});
        }
        b.output(b.gemm(b.flatten(b.globalAvgPool(x)), 3), "logits");
        assertArrayEquals(new long[] {ShapeInference.UNKNOWN, 4, 6, 6}, ShapeInference.infer(b.build()).get(x));
    }
}
