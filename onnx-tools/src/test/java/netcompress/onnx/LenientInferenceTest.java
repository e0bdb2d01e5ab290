package netcompress.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.shape.ShapeInference.Mode;
import netcompress.onnx.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static netcompress.onnx.shape.ShapeInference.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lenient inference leaves what it cannot tell unknown instead of refusing the model, and knows
 * what constants tell; strict inference (count, inspect, the checker) refuses as before.
 */
class LenientInferenceTest {
    /** Conv -> Resize (outside the op set) -> Conv -> GAP -> Flatten -> Gemm. */
    private static final class ResizeNet {
        final GraphBuilder b = new GraphBuilder("resize", 2);
        final String resized;
        final String conv;
        final String logits;
        final ModelProto model;

        ResizeNet() {
            b.input("input", -1, 3, 8, 8);
            String x = b.relu(b.conv("input", 6, 3, 1, 1, 1, true));
            AttributeProto scales = AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                    .setT(Tensors.floatTensor("scales", new long[] {4}, new float[] {1, 1, 2, 2})).build();
            String s = b.node("Constant", new String[0], scales);
            resized = b.node("Resize", new String[] {x, "", s}, Attributes.string("mode", "nearest"));
            String w = b.initializer("w", new long[] {10, 6, 3, 3}, new float[10 * 6 * 9]);
            conv = b.node("Conv", new String[] {resized, w}, Attributes.ints("kernel_shape", 3, 3), Attributes.ints("pads", 1, 1, 1, 1));
            logits = b.gemm(b.flatten(b.globalAvgPool(b.relu(conv))), 4);
            b.output(logits, "logits");
            model = b.build();
        }
    }

    @Test
    void unknownOpLeavesItsOutputUnknownAndAConvAfterItTakesItsChannelsFromTheWeight() {
        ResizeNet net = new ResizeNet();
        Map<String, long[]> s = ShapeInference.infer(GraphIndex.of(net.model.getGraph()), 1L, Mode.LENIENT);
        assertNull(s.get(net.resized));
        assertArrayEquals(new long[] {UNKNOWN, 10, UNKNOWN, UNKNOWN}, s.get(net.conv));
        assertArrayEquals(new long[] {UNKNOWN, 4}, s.get(net.logits));
        assertEquals(10, net.b.channels(net.conv), "the builder infers leniently");
    }

    @Test
    void strictInferenceStillRefusesTheUnknownOpNamingIt() {
        ResizeNet net = new ResizeNet();
        BadInputException e = assertThrows(BadInputException.class, () -> ShapeInference.infer(net.model));
        assertTrue(e.getMessage().contains("Resize"), e.getMessage());
        BadInputException fromBuilder = assertThrows(BadInputException.class, () -> net.b.shape(net.resized));
        assertTrue(fromBuilder.getMessage().contains("Resize"), fromBuilder.getMessage());
        assertThrows(BadInputException.class, () -> ParameterCount.of(net.model));
        assertFalse(ModelChecker.problems(net.model).isEmpty());
    }

    @Test
    void lenientCountAndCheckAcceptTheUnknownOp() {
        ResizeNet net = new ResizeNet();
        var report = ParameterCount.of(net.model, Mode.LENIENT);
        assertEquals(6 * 3 * 9 + 6 + 10 * 6 * 9 + 10 * 4 + 4, report.parameters());
        assertTrue(ModelChecker.problems(net.model, Mode.LENIENT).isEmpty(), ModelChecker.problems(net.model, Mode.LENIENT).toString());
    }

    @Test
    void lenientCheckStillReportsWhatItCanSee() {
        // a defect on the Conv after Resize, where shapes are partly unknown: inference itself passes,
        // so only the checker's node rules can find it
        ResizeNet net = new ResizeNet();
        GraphProto.Builder g = net.model.getGraph().toBuilder();
        g.addInitializer(Tensors.floatTensor("short_bias", new long[] {9}, new float[9]));
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOutput(0).equals(net.conv)) {
                g.setNode(i, g.getNode(i).toBuilder().addInput("short_bias").build());
            }
        }
        ModelProto defective = net.model.toBuilder().setGraph(g).build();
        assertNull(ShapeInference.infer(GraphIndex.of(defective.getGraph()), 1L, Mode.LENIENT).get(net.resized));
        var problems = ModelChecker.problems(defective, Mode.LENIENT);
        assertTrue(problems.stream().anyMatch(p -> p.contains("bias") && p.contains("10 output channels")), problems.toString());
    }

    @Test
    void customDomainOpIsUnknownEvenUnderAStandardName() {
        GraphBuilder b = new GraphBuilder("custom", 2);
        b.input("input", -1, 3, 8, 8);
        String relu = b.relu(b.conv("input", 4, 3, 1, 1, 1, true));
        GraphProto.Builder g = b.build().getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOutput(0).equals(relu)) {
                g.setNode(i, g.getNode(i).toBuilder().setDomain("com.example"));
            }
        }
        ModelProto m = b.build().toBuilder().setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1)).build();
        assertNull(ShapeInference.infer(GraphIndex.of(m.getGraph()), 1L, Mode.LENIENT).get(relu));
        BadInputException e = assertThrows(BadInputException.class, () -> ShapeInference.infer(m));
        assertTrue(e.getMessage().contains("com.example:Relu"), e.getMessage());
    }

    @Test
    void aReshapeTargetComputedFromShapeIsEvaluated() {
        GraphBuilder b = new GraphBuilder("reshape", 2);
        b.input("input", -1, 3, 8, 8);
        String x = b.conv("input", 4, 3, 1, 1, 1, true);
        String shape = b.node("Shape", new String[] {x});
        String r = b.node("Reshape", new String[] {x, shape});
        ModelProto m = b.build();
        Map<String, long[]> s = ShapeInference.infer(GraphIndex.of(m.getGraph()), 1L, Mode.LENIENT);
        assertArrayEquals(new long[] {1, 4, 8, 8}, s.get(x));
        assertArrayEquals(new long[] {4}, s.get(shape));
        assertArrayEquals(new long[] {1, 4, 8, 8}, s.get(r));
        // with a symbolic batch the copied batch stays unknown, the rest is known
        assertArrayEquals(new long[] {-1, 4, 8, 8}, ShapeInference.infer(m).get(r));
    }

    @Test
    void aRunTimeReshapeTargetIsUnknownNotAnError() {
        GraphBuilder b = new GraphBuilder("reshape", 2);
        b.input("input", -1, 3, 8, 8);
        String x = b.conv("input", 4, 3, 1, 1, 1, true);
        String r = b.node("Reshape", new String[] {x, b.node("Relu", new String[] {"input"})});
        Map<String, long[]> s = ShapeInference.infer(GraphIndex.of(b.build().getGraph()), 1L, Mode.LENIENT);
        assertArrayEquals(new long[] {1, 4, 8, 8}, s.get(x));
        assertNull(s.get(r));
    }

    @Test
    void lenientAndStrictAgreeOnAKnownGraph() {
        ModelProto m = TestFixtures.model("mini_mbv2_bn.onnx");
        GraphIndex index = GraphIndex.of(m.getGraph());
        Map<String, long[]> strict = ShapeInference.infer(index, 1L);
        Map<String, long[]> lenient = ShapeInference.infer(index, 1L, Mode.LENIENT);
        assertEquals(strict.keySet(), lenient.keySet());
        strict.forEach((k, v) -> assertArrayEquals(v, lenient.get(k), k));
        assertEquals(ParameterCount.of(m).macsPerImage(), ParameterCount.of(m, Mode.LENIENT).macsPerImage());
    }
}
