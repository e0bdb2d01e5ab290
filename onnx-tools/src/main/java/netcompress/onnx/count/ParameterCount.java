package netcompress.onnx.count;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.ops.SlotRole;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts parameters the way the assignment does (torchsummary's Total params), see DESIGN.md:
 * per layer input slot, through Identity chains, so a tensor the exporter shared between layers is
 * counted once per layer that owns a copy of it. What a slot holds is the registry's
 * {@link SlotRole}: running statistics, settings (Clip bounds, Pad values, Resize scales) and
 * integer shapes are not parameters.
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
        ShapeInference atOne = ShapeInference.run(index, 1L, mode);
        ShapeInference symbolic = ShapeInference.run(index, (Long) null, mode);
        long params = 0;
        long bnBuffers = 0;
        long macs = 0;
        int bnNodes = 0;
        List<ParameterReport.LayerRow> rows = new ArrayList<>();
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
                SlotRole role = Ops.role(n, s);
                long elems = learnableElements(index, n, s, role);
                if (role == SlotRole.STATISTIC) {
                    bnBuffers += elems;
                } else if (role.isParameter()) {
                    nodeParams += elems;
                }
            }
            long nodeMacs = macs(n, atOne);
            params += nodeParams;
            macs += nodeMacs;
            long[] outShape = n.getOutputCount() > 0 ? symbolic.shape(n.getOutput(0)) : null;
            rows.add(new ParameterReport.LayerRow(n.getName().isEmpty() ? n.getOutput(0) : n.getName(), op, outShape, nodeParams, nodeMacs));
        }
        long raw = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            raw += Tensors.elementCount(t);
        }
        return new ParameterReport(params, raw, bnBuffers, macs, bnNodes, List.copyOf(rows));
    }

    /**
     * Elements of the initializer behind input {@code slot}: float ones in any parameter or
     * statistic slot, and an int8 model's integer weights; 0 for data and integer shapes.
     */
    private static long learnableElements(GraphIndex index, NodeProto n, int slot, SlotRole role) {
        String name = n.getInput(slot);
        if (name.isEmpty()) {
            return 0;
        }
        TensorProto t = index.initializer(index.resolveIdentity(name));
        boolean quantizedWeight = role == SlotRole.WEIGHT && Ops.isDequantize(n);
        return t != null && (Tensors.isFloat(t) || quantizedWeight) ? Tensors.elementCount(t) : 0;
    }

    /**
     * Whether a float initializer at input {@code slot} of {@code n} counts toward the budget (the
     * registry's role; the pruner's ledger uses the same rule).
     */
    public static boolean isParameterSlot(NodeProto n, int slot) {
        return Ops.role(n, slot).isParameter();
    }

    /** MACs of one node for one image (shapes inferred at batch 1); 0 for ops without MACs or an unknown shape. */
    public static long macs(NodeProto n, ShapeInference shapes) {
        OpKind kind = Ops.of(n);
        long[] out = n.getOutputCount() > 0 ? shapes.shape(n.getOutput(0)) : null;
        // shapes are inferred at batch 1, so UNKNOWN only comes from a lenient count's unknown ops
        if (kind == null || out == null || Dims.anyUnknown(out)) {
            return 0;
        }
        return kind.macs(shapes.context(n));
    }
}
