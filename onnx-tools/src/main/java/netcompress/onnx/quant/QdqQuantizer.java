package netcompress.onnx.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.ops.kinds.ConvOp;
import netcompress.onnx.tensor.Tensors;
import netcompress.onnx.transform.BnFolding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static int8 quantization of a model's convolutions, written in ONNX's QDQ form: every Conv gets
 * DequantizeLinear in front of its input, its int8 per-output-channel weights and its int32 bias, and a
 * QuantizeLinear/DequantizeLinear pair after its output (after the Relu when a Relu is its only reader).
 * ONNX Runtime fuses each such group into one QLinearConv (and DQ+DQ -> Add -> Q into QLinearAdd), which
 * runs on the CPU's int8 dot-product instructions; the file itself stays a valid standard ONNX model.
 *
 * <p>Two steps, because activation ranges come from running the model: {@link #plan} folds BatchNorm
 * and names the tensors that need a range ({@link Plan#calibrationModel()} exposes them as outputs, run
 * it over sample inputs and record min/max), then {@link #quantize} writes the int8 model. Activations
 * are uint8 with a zero point, weights symmetric int8 (zero point 0), as ONNX Runtime's CPU kernels want.
 * Other ops (pooling, Gemm, Softmax...) stay in float between a DequantizeLinear and a QuantizeLinear.
 */
public final class QdqQuantizer {
    /** Per-channel zero points need DequantizeLinear's {@code axis}, new in opset 13. */
    public static final int MIN_OPSET = 13;

    private QdqQuantizer() {
    }

    /** Observed values of one tensor; always includes 0 so that zero (padding, Relu) is exact. */
    public record Range(float min, float max) {
        public Range {
            if (!(min <= max) || Float.isInfinite(min) || Float.isInfinite(max)) {
                throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
            }
        }

        public static Range of(float[] values, int from, int to) {
            float lo = 0f;
            float hi = 0f;
            for (int i = from; i < to; i++) {
                float v = values[i];
                if (v < lo) {
                    lo = v;
                } else if (v > hi) {
                    hi = v;
                }
            }
            return new Range(lo, hi);
        }

        public Range union(Range o) {
            return new Range(Math.min(min, o.min), Math.max(max, o.max));
        }

        /** uint8 affine parameters: real = scale * (q - zeroPoint). */
        public float scale() {
            float lo = Math.min(min, 0f);
            float hi = Math.max(max, 0f);
            return hi > lo ? (hi - lo) / 255f : 1f;
        }

        public int zeroPoint() {
            return Math.max(0, Math.min(255, Math.round(-Math.min(min, 0f) / scale())));
        }
    }

    /** The BN-folded model, the Convs that will be quantized and the activation tensors that need a range. */
    public record Plan(ModelProto model, List<String> convs, List<String> tensors) {
        /** The folded model with every tensor of {@link #tensors()} also exposed as a graph output. */
        public ModelProto calibrationModel() {
            GraphProto g = model.getGraph();
            Set<String> outputs = new HashSet<>();
            g.getOutputList().forEach(v -> outputs.add(v.getName()));
            GraphProto.Builder b = g.toBuilder();
            TypeProto floatTensor = TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(Tensors.FLOAT)).build();
            for (String t : tensors) {
                if (outputs.add(t)) {
                    b.addOutput(ValueInfoProto.newBuilder().setName(t).setType(floatTensor));
                }
            }
            return model.toBuilder().setGraph(b).build();
        }
    }

    /** The int8 model and how many Convs and activation tensors it quantized. */
    public record Result(ModelProto model, int convs, int tensors) {
    }

    public static Plan plan(ModelProto model, String source) {
        long opset = Ops.opset(model);
        if (opset < MIN_OPSET) {
            throw new BadInputException(source + ": opset " + opset + "; int8 quantization needs opset " + MIN_OPSET
                    + " or later (per-channel DequantizeLinear)");
        }
        ModelProto folded = BnFolding.fold(model).model();
        GraphIndex index = GraphIndex.of(folded.getGraph());
        List<String> convs = new ArrayList<>();
        Set<String> tensors = new LinkedHashSet<>();
        for (NodeProto n : index.topologicalOrder()) {
            if (!isQuantizableConv(index, n)) {
                continue;
            }
            convs.add(n.getOutput(0));
            tensors.add(n.getInput(0));
            tensors.add(quantizedOutput(index, n));
        }
        if (convs.isEmpty()) {
            throw new BadInputException(source + ": no Conv with constant float weights, nothing to quantize");
        }
        return new Plan(folded, List.copyOf(convs), List.copyOf(tensors));
    }

    /**
     * @param weightBits 8, or 7 for x86 CPUs without VNNI, whose uint8 x int8 instruction (vpmaddubsw) saturates
     *                   when two full-range products meet; ONNX Runtime's quantizer calls this reduce_range
     */
    public static Result quantize(Plan plan, Map<String, Range> ranges, int weightBits) {
        if (weightBits != 7 && weightBits != 8) {
            throw new IllegalArgumentException("weight bits must be 7 or 8, got " + weightBits);
        }
        int maxWeight = (1 << (weightBits - 1)) - 1;
        for (String t : plan.tensors()) {
            if (!ranges.containsKey(t)) {
                throw new IllegalArgumentException("no calibrated range for tensor '" + t + "'");
            }
        }
        GraphProto g = plan.model().getGraph();
        GraphIndex index = GraphIndex.of(g);
        Set<String> convOutputs = Set.copyOf(plan.convs());
        Set<String> quantized = Set.copyOf(plan.tensors());
        Map<String, String> dequantized = new HashMap<>();
        Map<String, TensorProto> inits = new LinkedHashMap<>();
        List<NodeProto> nodes = new ArrayList<>();
        for (String in : index.dataInputs().keySet()) {
            if (quantized.contains(in)) {
                addPair(in, ranges.get(in), nodes, inits, dequantized);
            }
        }
        for (NodeProto n : index.topologicalOrder()) {
            NodeProto.Builder nb = n.toBuilder();
            for (int s = 0; s < n.getInputCount(); s++) {
                String d = dequantized.get(n.getInput(s));
                if (d != null) {
                    nb.setInput(s, d);
                }
            }
            if (n.getOutputCount() > 0 && convOutputs.contains(n.getOutput(0))) {
                quantizeConvConstants(index, n, nb, ranges.get(n.getInput(0)).scale(), maxWeight, nodes, inits);
            }
            nodes.add(nb.build());
            for (String out : n.getOutputList()) {
                if (quantized.contains(out)) {
                    addPair(out, ranges.get(out), nodes, inits, dequantized);
                }
            }
        }
        GraphProto.Builder gb = g.toBuilder().clearNode().addAllNode(nodes).addAllInitializer(inits.values());
        GraphProto out = BnFolding.dropUnusedInitializers(gb.build());
        return new Result(plan.model().toBuilder().setGraph(out).build(), plan.convs().size(), plan.tensors().size());
    }

    /** What quantization does with an op type, for the conformance table. */
    public static String treatment(String opType) {
        if (Ops.ofType(opType) instanceof ConvOp) {
            return "int8 (QLinearConv)";
        }
        return Ops.isReluType(opType) ? "fused into the Conv's output Q" : "float between DQ and Q";
    }

    private static boolean isQuantizableConv(GraphIndex index, NodeProto n) {
        if (!(Ops.of(n) instanceof ConvOp)
                || n.getInputCount() < 2 || index.isInitializer(n.getInput(0))) {
            return false;
        }
        TensorProto w = index.initializer(n.getInput(1));
        if (w == null || !Tensors.isFloat(w) || w.getDimsCount() < 3) {
            return false;
        }
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            TensorProto b = index.initializer(n.getInput(2));
            return b != null && Tensors.isFloat(b);
        }
        return true;
    }

    /** The Conv's output, or its Relu's when a Relu is the only reader (ONNX Runtime then drops the Relu into the Q). */
    private static String quantizedOutput(GraphIndex index, NodeProto conv) {
        String y = conv.getOutput(0);
        List<GraphIndex.Use> uses = index.consumers(y);
        if (uses.size() == 1 && !index.isGraphOutput(y) && Ops.isRelu(uses.get(0).node())) {
            return uses.get(0).node().getOutput(0);
        }
        return y;
    }

    private static void addPair(String tensor, Range r, List<NodeProto> nodes, Map<String, TensorProto> inits, Map<String, String> dequantized) {
        String scale = tensor + "_qscale";
        String zp = tensor + "_qzero";
        inits.put(scale, Tensors.floatTensor(scale, new long[0], new float[] {r.scale()}));
        inits.put(zp, Tensors.byteTensor(zp, TensorProto.DataType.UINT8_VALUE, new long[0], new byte[] {(byte) r.zeroPoint()}));
        String q = tensor + "_quantized";
        String dq = tensor + "_dequantized";
        nodes.add(NodeProto.newBuilder().setOpType("QuantizeLinear").setName(q).addInput(tensor).addInput(scale).addInput(zp).addOutput(q).build());
        nodes.add(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dq).addInput(q).addInput(scale).addInput(zp).addOutput(dq).build());
        dequantized.put(tensor, dq);
    }

    /** int8 weights per output channel and an int32 bias on the scale input * weight, each behind a DequantizeLinear. */
    private static void quantizeConvConstants(GraphIndex index, NodeProto conv, NodeProto.Builder nb, float inputScale, int maxWeight,
                                              List<NodeProto> nodes, Map<String, TensorProto> inits) {
        TensorProto wT = index.initializer(conv.getInput(1));
        long[] dims = Tensors.dims(wT);
        int outC = (int) dims[0];
        Int8Weights w = Int8Weights.perChannel(Tensors.floats(wT), outC, maxWeight);
        String base = conv.getOutput(0);
        String wq = base + "_w_int8";
        inits.put(wq, Tensors.byteTensor(wq, TensorProto.DataType.INT8_VALUE, dims, w.values()));
        nodes.add(dequantize(base + "_w", wq, w.scales(), new byte[outC], TensorProto.DataType.INT8_VALUE, inits));
        nb.setInput(1, base + "_w_dequantized");
        if (conv.getInputCount() > 2 && !conv.getInput(2).isEmpty()) {
            float[] bias = Tensors.floats(index.initializer(conv.getInput(2)));
            float[] scales = new float[outC];
            int[] q = new int[outC];
            for (int c = 0; c < outC; c++) {
                scales[c] = inputScale * w.scales()[c];
                q[c] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, Math.round((double) bias[c] / scales[c])));
            }
            String bq = base + "_b_int32";
            inits.put(bq, Tensors.intTensor(bq, new long[] {outC}, q));
            nodes.add(dequantize(base + "_b", bq, scales, null, TensorProto.DataType.INT32_VALUE, inits));
            nb.setInput(2, base + "_b_dequantized");
        }
    }

    private static NodeProto dequantize(String base, String quantized, float[] scales, byte[] int8Zeros, int type,
                                        Map<String, TensorProto> inits) {
        long[] dim = {scales.length};
        String scale = base + "_qscale";
        String zp = base + "_qzero";
        inits.put(scale, Tensors.floatTensor(scale, dim, scales));
        inits.put(zp, type == TensorProto.DataType.INT32_VALUE
                ? Tensors.intTensor(zp, dim, new int[scales.length])
                : Tensors.byteTensor(zp, type, dim, int8Zeros));
        return NodeProto.newBuilder().setOpType("DequantizeLinear").setName(base + "_dequantized")
                .addInput(quantized).addInput(scale).addInput(zp).addOutput(base + "_dequantized")
                .addAttribute(Attributes.integer("axis", 0)).build();
    }

}
