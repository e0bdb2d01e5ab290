package netcompress.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.shape.ShapeInference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterCountTest {

    /** PyTorch's counts and the raw initializer totals from the fixtures' README. */
    @ParameterizedTest
    @CsvSource({
            "student_bn.onnx, 87907, 88363, 4, 456",
            "student_dw_bn.onnx, 13667, 14379, 7, 712",
            "mini_mbv2_bn.onnx, 62331, 65595, 23, 3264",
            // BN-folded files: only the folded conv biases remain, so they report their own, lower count
            "student.onnx, 87451, 87451, 0, 0",
            "student_dw.onnx, 12955, 12955, 0, 0",
            "mini_mbv2.onnx, 60699, 60699, 0, 0",
            "fmnist_cnn.onnx, 29066, 29066, 0, 0",
    })
    void countsMatchPyTorch(String file, long params, long raw, int bnNodes, long bnBuffers) {
        ParameterReport r = ParameterCount.of(TestFixtures.model(file));
        assertEquals(params, r.parameters(), file);
        assertEquals(raw, r.initializerElements(), file);
        assertEquals(bnNodes, r.batchNormNodes(), file);
        assertEquals(bnBuffers, r.bnBuffers(), file);
    }

    @Test
    void studentNetMacsAreTheIssueFigure() {
        // the issue quotes 0.33 GMAC per 142x142 image for the reference StudentNet
        long macs = ParameterCount.of(TestFixtures.model("student_bn.onnx")).macsPerImage();
        assertTrue(macs > 320_000_000L && macs < 340_000_000L, "macs " + macs);
    }

    @Test
    void identitySharedTensorIsCountedPerLayer() {
        // PyTorch's exporter shares equal tensors (e.g. zero biases) through Identity nodes; each layer owns its copy
        GraphBuilder b = new GraphBuilder("shared", 1);
        String x = b.input("input", -1, 3, 8, 8);
        String zero = b.initializer("zeros", new long[] {4}, new float[4]);
        String w1 = b.initializer("w1", new long[] {4, 3, 1, 1}, new float[12]);
        String w2 = b.initializer("w2", new long[] {4, 4, 1, 1}, new float[16]);
        String id1 = b.node("Identity", new String[] {zero});
        String id2 = b.node("Identity", new String[] {zero});
        String c1 = b.node("Conv", new String[] {x, w1, id1});
        String c2 = b.node("Conv", new String[] {c1, w2, id2});
        b.output(c2, "logits");
        ModelProto m = b.build();
        ParameterReport r = ParameterCount.of(m);
        assertEquals(12 + 4 + 16 + 4, r.parameters());
        assertEquals(12 + 16 + 4, r.initializerElements());
    }

    @Test
    void clipBoundsAndInt64TensorsAreNotParameters() {
        GraphBuilder b = new GraphBuilder("clip", 1);
        String x = b.input("input", -1, 3, 8, 8);
        String y = b.relu6(b.conv(x, 4, 3, 1, 1, 1, true));
        y = b.sliceChannels(y, 0, 2);
        b.output(b.gemm(b.flatten(b.globalAvgPool(y)), 5), "logits");
        ParameterReport r = ParameterCount.of(b.build());
        assertEquals(4 * 3 * 9 + 4 + 2 * 5 + 5, r.parameters());
        long gemmRows = r.layers().stream().filter(l -> l.op().equals("Gemm")).count();
        assertEquals(1, gemmRows);
        assertTrue(r.layers().stream().noneMatch(l -> l.op().equals("Constant")));
        NodeProto clip = b.build().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Clip")).findFirst().orElseThrow();
        assertEquals(3, clip.getInputCount());
    }

    @Test
    void resizeRoiAndScalesStoredAsInitializersAreNotParameters() {
        GraphBuilder b = new GraphBuilder("resize_initializers", 1);
        b.input("input", -1, 3, 8, 8);
        String x = b.conv("input", 4, 3, 1, 1, 1, true);
        String roi = b.initializer("roi", new long[] {0}, new float[0]);
        String scales = b.initializer("scales", new long[] {4}, new float[] {1, 1, 0.5f, 0.5f});
        String r = b.node("Resize", new String[] {x, roi, scales}, Attributes.string("mode", "nearest"));
        // past Resize the builder knows a Conv's channels from its weight only
        String w = b.initializer("after_w", new long[] {4, 4, 3, 3}, new float[144]);
        String bias = b.initializer("after_b", new long[] {4}, new float[4]);
        String y = b.node("Conv", new String[] {r, w, bias}, Attributes.ints("kernel_shape", 3, 3), Attributes.ints("pads", 1, 1, 1, 1));
        b.output(b.gemm(b.flatten(b.globalAvgPool(y)), 3), "logits");
        // conv 3*4*9 + 4, conv 4*4*9 + 4, gemm 4*3 + 3: the 4 scales are not learnable
        assertEquals(112 + 148 + 15, ParameterCount.of(b.build(), ShapeInference.Mode.LENIENT).parameters());
    }
}
