package netcompress.onnx.transform;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.ops.kinds.ConvOp;
import netcompress.onnx.ops.kinds.NormalizationOp;
import netcompress.onnx.tensor.Tensors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds each BatchNormalization that directly follows a Conv (and is that Conv's only reader) into
 * the Conv: W' = W * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps). The outputs do
 * not change (up to float rounding); the parameter count drops by the BN scale and shift, which
 * is why a folded file's count is lower than PyTorch's.
 */
public final class BnFolding {
    private BnFolding() {
    }

    public record Result(ModelProto model, int folded) {
    }

    public static Result fold(ModelProto model) {
        GraphIndex index = GraphIndex.of(model.getGraph());
        Map<NodeProto, NodeProto> replaceConv = new IdentityHashMap<>();
        Set<NodeProto> dropBn = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, TensorProto> newInits = new HashMap<>();
        for (NodeProto bn : index.topologicalOrder()) {
            if (!isBatchNorm(bn) || bn.getInputCount() != 5 || countOutputs(bn) != 1) {
                continue;
            }
            NodeProto conv = index.producer(bn.getInput(0));
            if (conv == null || !(Ops.of(conv) instanceof ConvOp) || index.consumers(conv.getOutput(0)).size() != 1
                    || index.isGraphOutput(conv.getOutput(0)) || replaceConv.containsKey(conv)) {
                continue;
            }
            TensorProto wT = index.constantValue(conv.getInput(1));
            TensorProto[] p = new TensorProto[4];
            boolean constant = wT != null && Tensors.isFloat(wT);
            for (int i = 0; i < 4 && constant; i++) {
                p[i] = index.constantValue(bn.getInput(i + 1));
                constant = p[i] != null && Tensors.isFloat(p[i]);
            }
            TensorProto bT = conv.getInputCount() > 2 && !conv.getInput(2).isEmpty() ? index.constantValue(conv.getInput(2)) : null;
            if (!constant || (conv.getInputCount() > 2 && !conv.getInput(2).isEmpty() && bT == null)) {
                continue;
            }
            float eps = Attributes.getFloat(bn, "epsilon", 1e-5f);
            float[] w = Tensors.floats(wT);
            float[] gamma = Tensors.floats(p[0]);
            float[] beta = Tensors.floats(p[1]);
            float[] mean = Tensors.floats(p[2]);
            float[] var = Tensors.floats(p[3]);
            int outC = gamma.length;
            float[] b = bT != null ? Tensors.floats(bT) : new float[outC];
            int per = w.length / outC;
            float[] w2 = new float[w.length];
            float[] b2 = new float[outC];
            for (int c = 0; c < outC; c++) {
                double s = gamma[c] / Math.sqrt((double) var[c] + eps);
                for (int k = 0; k < per; k++) {
                    w2[c * per + k] = (float) (w[c * per + k] * s);
                }
                b2[c] = (float) ((b[c] - mean[c]) * s + beta[c]);
            }
            String base = conv.getName().isEmpty() ? bn.getOutput(0) : conv.getName();
            String wName = base + "_folded_w";
            String bName = base + "_folded_b";
            newInits.put(wName, Tensors.floatTensor(wName, Tensors.dims(wT), w2));
            newInits.put(bName, Tensors.floatTensor(bName, new long[] {outC}, b2));
            NodeProto.Builder nb = conv.toBuilder().clearInput().addInput(conv.getInput(0)).addInput(wName).addInput(bName)
                    .setOutput(0, bn.getOutput(0));
            replaceConv.put(conv, nb.build());
            dropBn.add(bn);
        }
        if (replaceConv.isEmpty()) {
            return new Result(model, 0);
        }
        GraphProto.Builder g = model.getGraph().toBuilder().clearNode();
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (!dropBn.contains(n)) {
                g.addNode(replaceConv.getOrDefault(n, n));
            }
        }
        g.addAllInitializer(newInits.values());
        GraphProto pruned = dropUnusedInitializers(g.build());
        return new Result(model.toBuilder().setGraph(pruned).build(), replaceConv.size());
    }

    private static boolean isBatchNorm(NodeProto n) {
        return Ops.isStandard(n) && isBatchNorm(n.getOpType());
    }

    private static boolean isBatchNorm(String opType) {
        return Ops.ofType(opType) instanceof NormalizationOp && NormalizationOp.isBatchNormalization(opType);
    }

    /** What folding does with an op type, for the conformance table. */
    public static String treatment(String opType) {
        if (isBatchNorm(opType)) {
            return "folded into the Conv before it";
        }
        return Ops.ofType(opType) instanceof ConvOp ? "absorbs a BN that follows" : "-";
    }

    private static int countOutputs(NodeProto n) {
        int c = 0;
        for (String o : n.getOutputList()) {
            if (!o.isEmpty()) {
                c++;
            }
        }
        return c;
    }

    /** Removes initializers (and their graph-input entries) nothing reads any more. */
    public static GraphProto dropUnusedInitializers(GraphProto g) {
        Set<String> used = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            used.addAll(n.getInputList());
        }
        g.getOutputList().forEach(o -> used.add(o.getName()));
        List<TensorProto> keep = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) {
            if (used.contains(t.getName())) {
                keep.add(t);
            }
        }
        GraphProto.Builder b = g.toBuilder().clearInitializer().addAllInitializer(keep).clearInput();
        Set<String> initNames = new HashSet<>();
        g.getInitializerList().forEach(t -> initNames.add(t.getName()));
        g.getInputList().forEach(v -> {
            if (!initNames.contains(v.getName()) || used.contains(v.getName())) {
                b.addInput(v);
            }
        });
        return b.build();
    }
}
