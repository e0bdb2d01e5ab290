package netcompress.onnx.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.OrtRunner;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.quant.QdqQuantizer.Range;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Structure of the QDQ rewrite: which tensors get a range, how weights and biases are stored, what is refused. */
class QdqQuantizerTest {
    /** conv-BN-ReLU, a conv whose output meets a 1x1 shortcut in an Add, ReLU, global pool, Gemm. */
    private static ModelProto residual() {
        GraphBuilder b = new GraphBuilder("residual", 5);
        String x = b.input("input", -1, 3, 8, 8);
        String a = b.relu(b.batchNorm(b.conv(x, 8, 3, 1, 1, 1, false)));
        String y = b.conv(a, 16, 3, 1, 1, 1, true);
        String s = b.conv(a, 16, 1, 1, 0, 1, true);
        String z = b.relu(b.add(y, s));
        b.output(b.gemm(b.flatten(b.globalAvgPool(z)), 4), "logits");
        return b.build();
    }

    @Test
    void plansTheConvInputsAndOutputsTakingAReluThatIsTheOnlyReader() {
        ModelProto m = residual();
        QdqQuantizer.Plan plan = QdqQuantizer.plan(m, "residual.onnx");
        assertEquals(3, plan.convs().size());
        GraphIndex folded = GraphIndex.of(plan.model().getGraph());
        assertTrue(plan.model().getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("BatchNormalization")), "BN folded first");
        NodeProto first = folded.producer(plan.convs().get(0));
        String relu = folded.consumers(first.getOutput(0)).get(0).node().getOutput(0);
        // input, the first conv's ReLU (not the conv output itself), and the two conv outputs that meet in the Add
        assertEquals(List.of("input", relu, plan.convs().get(1), plan.convs().get(2)), plan.tensors());
        ModelProto cal = plan.calibrationModel();
        assertEquals(1 + plan.tensors().size(), cal.getGraph().getOutputCount());
    }

    @Test
    void storesPerChannelInt8WeightsAndInt32BiasesOnTheProductOfScales() throws Exception {
        ModelProto m = residual();
        QdqQuantizer.Plan plan = QdqQuantizer.plan(m, "residual.onnx");
        Map<String, Range> ranges = new HashMap<>();
        for (String t : plan.tensors()) {
            ranges.put(t, new Range(-3f, 5f));
        }
        ranges.put("input", new Range(0f, 1f));
        ModelProto q = QdqQuantizer.quantize(plan, ranges, 8).model();
        GraphIndex qi = GraphIndex.of(q.getGraph());
        GraphIndex fi = GraphIndex.of(plan.model().getGraph());
        for (String convOut : plan.convs()) {
            NodeProto fConv = fi.producer(convOut);
            NodeProto qConv = qi.producer(convOut);
            float[] w = Tensors.floats(fi.initializer(fConv.getInput(1)));
            NodeProto wdq = qi.producer(qConv.getInput(1));
            assertEquals("DequantizeLinear", wdq.getOpType());
            TensorProto wq = qi.initializer(wdq.getInput(0));
            assertEquals(TensorProto.DataType.INT8_VALUE, wq.getDataType());
            assertArrayEquals(Tensors.dims(fi.initializer(fConv.getInput(1))), Tensors.dims(wq));
            float[] scales = Tensors.floats(qi.initializer(wdq.getInput(1)));
            byte[] qv = wq.getRawData().toByteArray();
            int per = w.length / scales.length;
            for (int i = 0; i < w.length; i++) {
                assertEquals(w[i], qv[i] * scales[i / per], scales[i / per] / 2 + 1e-7f, "weight " + i + " of " + convOut);
            }
            // the conv reads its input through a DequantizeLinear whose scale the bias shares
            NodeProto xdq = qi.producer(qConv.getInput(0));
            assertEquals("DequantizeLinear", xdq.getOpType());
            float xScale = Tensors.scalar(qi.initializer(xdq.getInput(1)));
            if (fConv.getInputCount() > 2) {
                float[] bias = Tensors.floats(fi.initializer(fConv.getInput(2)));
                NodeProto bdq = qi.producer(qConv.getInput(2));
                TensorProto bq = qi.initializer(bdq.getInput(0));
                assertEquals(TensorProto.DataType.INT32_VALUE, bq.getDataType());
                long[] bv = Tensors.longs(bq);
                for (int c = 0; c < bias.length; c++) {
                    assertEquals(Math.round(bias[c] / (xScale * scales[c])), bv[c], "bias " + c + " of " + convOut);
                }
            }
        }
        // same parameters as the float model it came from, shapes still inferable, and ONNX Runtime runs it close to float
        assertEquals(ParameterCount.of(plan.model()).parameters(), ParameterCount.of(q).parameters());
        assertArrayEquals(new long[] {2, 4}, ShapeInference.infer(q, 2).get("logits"));
        float[] in = new float[2 * 3 * 8 * 8];
        Random r = new Random(1);
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextFloat();
        }
        float[] f = OrtRunner.run(plan.model(), new long[] {2, 3, 8, 8}, in);
        float[] i8 = OrtRunner.run(q, new long[] {2, 3, 8, 8}, in);
        assertTrue(OrtRunner.maxAbsDiff(f, i8) < 0.1f, "int8 logits " + java.util.Arrays.toString(i8) + " vs " + java.util.Arrays.toString(f));
    }

    @Test
    void aGraphOutputThatIsQuantizedStaysFloatForItsReaders() {
        GraphBuilder b = new GraphBuilder("two-outputs", 2);
        String x = b.input("input", -1, 1, 6, 6);
        String y = b.conv(x, 4, 3, 1, 1, 1, true);
        b.output(y, y);
        String z = b.conv(y, 2, 1, 1, 0, 1, true);
        b.output(z, "second");
        QdqQuantizer.Plan plan = QdqQuantizer.plan(b.build(), "m");
        Map<String, Range> ranges = new HashMap<>();
        plan.tensors().forEach(t -> ranges.put(t, new Range(-1f, 1f)));
        ModelProto q = QdqQuantizer.quantize(plan, ranges, 8).model();
        GraphIndex qi = GraphIndex.of(q.getGraph());
        assertEquals("Conv", qi.producer(y).getOpType(), "the graph output is still the conv's float output");
        NodeProto second = qi.producer(z);
        assertEquals("Conv", second.getOpType());
        assertEquals("DequantizeLinear", qi.producer(second.getInput(0)).getOpType());
    }

    @Test
    void refusesOldOpsetsAndModelsWithoutConvolutions() {
        ModelProto old = residual().toBuilder().clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(12)).build();
        BadInputException e = assertThrows(BadInputException.class, () -> QdqQuantizer.plan(old, "old.onnx"));
        assertTrue(e.getMessage().contains("old.onnx") && e.getMessage().contains("opset 12"), e.getMessage());
        GraphBuilder b = new GraphBuilder("mlp", 1);
        String x = b.input("input", -1, 4);
        b.output(b.gemm(x, 3), "logits");
        e = assertThrows(BadInputException.class, () -> QdqQuantizer.plan(b.build(), "mlp.onnx"));
        assertTrue(e.getMessage().contains("mlp.onnx") && e.getMessage().contains("no Conv"), e.getMessage());
        QdqQuantizer.Plan plan = QdqQuantizer.plan(residual(), "r");
        assertThrows(IllegalArgumentException.class, () -> QdqQuantizer.quantize(plan, Map.of(), 8));
    }

    @Test
    void rangesAlwaysHoldZeroExactly() {
        Range relu = new Range(0f, 2.55f);
        assertEquals(0, relu.zeroPoint());
        assertEquals(0.01f, relu.scale(), 1e-7f);
        Range positive = new Range(1f, 3f); // widened to [0, 3]: padding zeros stay exact
        assertEquals(0, positive.zeroPoint());
        Range both = new Range(-1f, 1f);
        assertTrue(both.zeroPoint() == 127 || both.zeroPoint() == 128, "zero point " + both.zeroPoint());
        assertEquals(-1f, both.scale() * (0 - both.zeroPoint()), both.scale());
        Range dead = Range.of(new float[] {0f, 0f}, 0, 2);
        assertEquals(1f, dead.scale());
        assertEquals(0, dead.zeroPoint());
        assertThrows(IllegalArgumentException.class, () -> new Range(Float.NaN, 1f));
        assertEquals(new Range(-2f, 3f), new Range(-2f, 1f).union(new Range(0f, 3f)));
    }

    @Test
    void int8WeightsUseOneSymmetricScalePerOutputChannel() {
        float[] w = {0.4f, -1f, 0.25f, 0f, 0f, 0f, 100f, -40f, 1f};
        Int8Weights q = Int8Weights.perChannel(w, 3, 127);
        assertArrayEquals(new float[] {1f / 127, 1f, 100f / 127}, q.scales(), 1e-7f);
        // 0.4 * 127 = 50.8, 0.25 * 127 = 31.75, -40 * 1.27 = -50.8, 1 * 1.27 = 1.27; the all-zero channel keeps scale 1
        assertArrayEquals(new byte[] {51, -127, 32, 0, 0, 0, 127, -51, 1}, q.values());
        Int8Weights seven = Int8Weights.perChannel(w, 3, 63); // 7-bit weights for CPUs without VNNI
        assertArrayEquals(new float[] {1f / 63, 1f, 100f / 63}, seven.scales(), 1e-7f);
        assertArrayEquals(new byte[] {25, -63, 16, 0, 0, 0, 63, -25, 1}, seven.values());
    }
}
