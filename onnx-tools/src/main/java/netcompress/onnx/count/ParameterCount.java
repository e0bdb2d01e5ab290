package netcompress.onnx.count;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counts parameters the way the assignment does (torchsummary's Total params), see DESIGN.md:
 * per layer input slot, through Identity chains, so a tensor the exporter shared between layers is
 * counted once per layer that owns a copy of it; BN running statistics and Clip bounds are not
 * parameters; int64 tensors (shapes, axes) are not parameters.
 */
public final class ParameterCount {
    private ParameterCount() {
    }

    /** The count, MACs and per-layer rows; every shape must infer (ops outside the set are refused). */
    public static ParameterReport of(ModelProto model) {
        return of(model, ShapeInference.Mode.STRICT);
    }

    /**
     * With {@link ShapeInference.Mode#LENIENT} the parameter count is the same, but a layer whose
     * output shape is unknown gets no shape and 0 MACs instead of refusing the model (the pruner
     * counts graphs with ops it treats as barriers).
     */
    public static ParameterReport of(ModelProto model, ShapeInference.Mode mode) {
        GraphIndex index = GraphIndex.of(model.getGraph());
        Map<String, long[]> shapes = ShapeInference.infer(index, 1L, mode);
        long params = 0;
        long bnBuffers = 0;
        long macs = 0;
        int bnNodes = 0;
        List<ParameterReport.LayerRow> rows = new ArrayList<>();
        Map<String, long[]> symbolic = ShapeInference.infer(index, null, mode);
        for (NodeProto n : index.topologicalOrder()) {
            String op = n.getOpType();
            if (op.equals("Identity") || op.equals("Constant")) {
                continue;
            }
            if (op.equals("BatchNormalization")) {
                bnNodes++;
            }
            long nodeParams = 0;
            for (int s = 0; s < n.getInputCount(); s++) {
                long elems = learnableElements(index, n, s);
                if (isRunningStat(n, s)) {
                    bnBuffers += elems;
                } else if (isParameterSlot(n, s)) {
                    nodeParams += elems;
                }
            }
            long nodeMacs = macs(n, shapes);
            params += nodeParams;
            macs += nodeMacs;
            long[] outShape = n.getOutputCount() > 0 ? symbolic.get(n.getOutput(0)) : null;
            rows.add(new ParameterReport.LayerRow(n.getName().isEmpty() ? n.getOutput(0) : n.getName(), op, outShape, nodeParams, nodeMacs));
        }
        long raw = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            raw += Tensors.elementCount(t);
        }
        return new ParameterReport(params, raw, bnBuffers, macs, bnNodes, List.copyOf(rows));
    }

    /** Elements of the float initializer behind input {@code slot}, or 0 when it is data or not float. */
    private static long learnableElements(GraphIndex index, NodeProto n, int slot) {
        String name = n.getInput(slot);
        if (name.isEmpty()) {
            return 0;
        }
        TensorProto t = index.initializer(index.resolveIdentity(name));
        // an int8 model's weights are the integer tensors its DequantizeLinear nodes read
        boolean quantizedWeight = n.getOpType().equals("DequantizeLinear") && slot == 0 && standard(n);
        return t != null && (Tensors.isFloat(t) || quantizedWeight) ? Tensors.elementCount(t) : 0;
    }

    private static boolean isRunningStat(NodeProto n, int slot) {
        return standard(n) && n.getOpType().equals("BatchNormalization") && slot >= 3;
    }

    /**
     * Whether a float initializer at input {@code slot} of {@code n} is a parameter: everything but BN
     * running statistics, Clip bounds and Resize's roi and scales (constants PyTorch may store as
     * initializers; torchsummary never sees them). The pruner's ledger uses the same rule.
     */
    public static boolean isParameterSlot(NodeProto n, int slot) {
        if (!standard(n)) {
            return true;
        }
        return switch (n.getOpType()) {
            case "BatchNormalization" -> slot < 3;
            case "Clip", "Resize", "QuantizeLinear", "DequantizeLinear" -> slot < 1; // the rest are bounds, sizes, scales and zero points
            default -> true;
        };
    }

    private static boolean standard(NodeProto n) {
        return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
    }

    private static long macs(NodeProto n, Map<String, long[]> shapes) {
        long[] out = n.getOutputCount() > 0 ? shapes.get(n.getOutput(0)) : null;
        long[] w = n.getInputCount() > 1 ? shapes.get(n.getInput(1)) : null;
        // shapes are inferred at batch 1, so UNKNOWN only comes from a lenient count's unknown ops
        if (out == null || w == null || java.util.Arrays.stream(out).anyMatch(d -> d == ShapeInference.UNKNOWN)) {
            return 0;
        }
        switch (n.getOpType()) {
            case "Conv" -> {
                return elements(out) * w[1] * w[2] * w[3];
            }
            case "Gemm" -> {
                return elements(out) * (Attributes.getInt(n, "transB", 0) != 0 ? w[1] : w[0]);
            }
            case "MatMul" -> {
                return elements(out) * w[0];
            }
            default -> {
                return 0;
            }
        }
    }

    private static long elements(long[] s) {
        long p = 1;
        for (long d : s) {
            p *= Math.max(d, 1);
        }
        return p;
    }
}
