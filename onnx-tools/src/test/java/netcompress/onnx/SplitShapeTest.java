package netcompress.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import netcompress.errors.BadInputException;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.shape.ShapeInference;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Split in each form exporters write (sizes as an input at opset 13+, the {@code split} attribute
 * before 13, equal parts, opset 18's {@code num_outputs}): the inferred part shapes equal the ones
 * ONNX Runtime computes.
 */
class SplitShapeTest {
    private static final long[] INPUT = {2, 3, 8, 8};

    /** Conv to {@code channels}, then one Split whose parts are all graph outputs (float, shape left open). */
    private static ModelProto splitNet(long channels, int axis, long... sizes) {
        GraphBuilder b = new GraphBuilder("split", 1);
        b.input("input", -1, 3, 8, 8);
        String x = b.conv("input", channels, 3, 1, 1, 1, true);
        return withPartsAsOutputs(b, b.split(x, axis, sizes));
    }

    private static ModelProto withPartsAsOutputs(GraphBuilder b, String[] parts) {
        ModelProto m = b.build();
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (String p : parts) {
            g.addOutput(ValueInfoProto.newBuilder().setName(p).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
        }
        return m.toBuilder().setGraph(g).build();
    }

    /** The same net with the Split's sizes input replaced: by the attribute, or by nothing (equal parts). */
    private static ModelProto rewrite(ModelProto m, int opset, long[] attribute, Long numOutputs) {
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (n.getOpType().equals("Split")) {
                NodeProto.Builder s = n.toBuilder().clearInput().addInput(n.getInput(0));
                if (attribute != null) {
                    s.addAttribute(Attributes.ints("split", attribute));
                }
                if (numOutputs != null) {
                    s.addAttribute(Attributes.integer("num_outputs", numOutputs));
                }
                g.setNode(i, s);
            }
        }
        // IR 7 covers opsets up to 15; opset 18 needs IR 8
        return m.toBuilder().setGraph(g).setIrVersion(opset > 15 ? 8 : m.getIrVersion()).clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    private static void assertPartsAgreeWithOnnxRuntime(ModelProto m, long[]... expected) throws Exception {
        Map<String, long[]> inferred = ShapeInference.infer(m, INPUT[0]);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(m.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[2 * 3 * 8 * 8]), INPUT);
             OrtSession.Result r = s.run(Map.of("input", t))) {
            assertEquals(expected.length, r.size());
            for (int k = 0; k < expected.length; k++) {
                String name = m.getGraph().getOutput(k).getName();
                long[] ort = ((OnnxTensor) r.get(k)).getInfo().getShape();
                assertArrayEquals(expected[k], ort, "ONNX Runtime, part " + k);
                assertArrayEquals(ort, inferred.get(name), "inferred, part " + k);
            }
        }
        assertTrue(ModelChecker.problems(m).isEmpty(), ModelChecker.problems(m).toString());
    }

    @Test
    void sizesInputOnChannelsOpset14() throws Exception {
        assertPartsAgreeWithOnnxRuntime(splitNet(20, 1, 8, 12), new long[] {2, 8, 8, 8}, new long[] {2, 12, 8, 8});
    }

    @Test
    void sizesInputOnASpatialAxisWithNegativeIndex() throws Exception {
        assertPartsAgreeWithOnnxRuntime(splitNet(5, -1, 3, 1, 4), new long[] {2, 5, 8, 3}, new long[] {2, 5, 8, 1}, new long[] {2, 5, 8, 4});
    }

    @Test
    void splitAttributeOpset11() throws Exception {
        ModelProto m = rewrite(splitNet(20, 1, 8, 12), 11, new long[] {7, 13}, null);
        assertPartsAgreeWithOnnxRuntime(m, new long[] {2, 7, 8, 8}, new long[] {2, 13, 8, 8});
    }

    @Test
    void equalPartsWithoutSizes() throws Exception {
        ModelProto m = rewrite(splitNet(21, 1, 7, 7, 7), 14, null, null);
        assertPartsAgreeWithOnnxRuntime(m, new long[] {2, 7, 8, 8}, new long[] {2, 7, 8, 8}, new long[] {2, 7, 8, 8});
    }

    @Test
    void numOutputsOpset18MakesTheLastPartSmaller() throws Exception {
        ModelProto m = rewrite(splitNet(10, 1, 4, 4, 2), 18, null, 3L);
        assertPartsAgreeWithOnnxRuntime(m, new long[] {2, 4, 8, 8}, new long[] {2, 4, 8, 8}, new long[] {2, 2, 8, 8});
    }

    @Test
    void sizesThatDoNotAddUpAreABadInput() {
        ModelProto m = rewrite(splitNet(20, 1, 8, 12), 11, new long[] {8, 8}, null);
        BadInputException e = assertThrows(BadInputException.class, () -> ShapeInference.infer(m));
        assertTrue(e.getMessage().contains("Split") && e.getMessage().contains("20"), e.getMessage());
    }

    @Test
    void equalPartsBuiltByTheBuilder() throws Exception {
        GraphBuilder b = new GraphBuilder("chunk", 1);
        b.input("input", -1, 3, 8, 8);
        String[] parts = b.splitEqually(b.conv("input", 12, 3, 1, 1, 1, true), 1, 3);
        assertEquals(4, b.channels(parts[2]));
        assertPartsAgreeWithOnnxRuntime(withPartsAsOutputs(b, parts), new long[] {2, 4, 8, 8}, new long[] {2, 4, 8, 8}, new long[] {2, 4, 8, 8});
    }

    @Test
    void equalPartsThatCannotBeMadeAreABadInput() {
        GraphBuilder b = new GraphBuilder("chunk", 1);
        b.input("input", -1, 3, 8, 8);
        // 5 channels in 4 parts: ceil(5/4) = 2 thrice leaves -1 for the last
        String[] parts = b.splitEqually(b.conv("input", 5, 3, 1, 1, 1, true), 1, 4);
        BadInputException e = assertThrows(BadInputException.class, () -> b.shape(parts[0]));
        assertTrue(e.getMessage().contains("Split"), e.getMessage());
    }

    @Test
    void unevenEqualPartsWithoutNumOutputsAreABadInput() {
        // ONNX Runtime refuses 10 channels in 3 equal parts below opset 18 (no num_outputs)
        ModelProto m = rewrite(splitNet(10, 1, 4, 4, 2), 14, null, null);
        BadInputException e = assertThrows(BadInputException.class, () -> ShapeInference.infer(m));
        assertTrue(e.getMessage().contains("equal parts"), e.getMessage());
    }

    @Test
    void numOutputsThatLeaveTheLastPartEmptyAreABadInput() {
        // 6 in 4 parts: ceil(6/4) = 2 thrice leaves 0
        ModelProto m = rewrite(splitNet(6, 1, 2, 2, 2, 0), 18, null, 4L);
        BadInputException e = assertThrows(BadInputException.class, () -> ShapeInference.infer(m));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
}
