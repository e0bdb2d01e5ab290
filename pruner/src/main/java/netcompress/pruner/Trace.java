package netcompress.pruner;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.kinds.CastOp;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What channel rules read and write while the graph is walked in topological order: the channel map
 * of every data tensor seen so far, the element union, the tensor cuts and structural edits.
 * Rules validate first (throwing {@link NotTraceable}) and only then record.
 */
public final class Trace {
    final GraphIndex index;
    final ShapeInference inference;
    final Map<String, long[]> shapes;
    final ChannelUnion union = new ChannelUnion();
    final Map<String, ChannelMap> maps = new HashMap<>();
    final List<ChannelMap> allMaps = new ArrayList<>();
    final List<ChannelCut> cuts = new ArrayList<>();
    final List<StructuralEdit> edits = new ArrayList<>();
    final List<Barrier> barriers = new ArrayList<>();
    final Set<Integer> claimed = new HashSet<>();

    Trace(GraphIndex index, ShapeInference inference) {
        this.index = index;
        this.inference = inference;
        this.shapes = inference.shapes();
    }

    public GraphIndex index() {
        return index;
    }

    /** The evaluated integer value of a tensor (a constant or shape arithmetic at batch 1), or null. */
    public IntValue value(String tensor) {
        return inference.value(index.resolveIdentity(tensor));
    }

    /** Couples two channel elements: removing one removes the other. */
    public void couple(int a, int b) {
        union.union(a, b);
    }

    public ChannelMap map(String tensor) {
        return tensor.isEmpty() ? null : maps.get(tensor);
    }

    public ChannelMap requireMap(NodeProto n, int slot) throws NotTraceable {
        ChannelMap m = slot < n.getInputCount() ? map(n.getInput(slot)) : null;
        if (m == null) {
            throw new NotTraceable("input " + slot + " has no traceable channels");
        }
        return m;
    }

    public void setMap(String tensor, ChannelMap m) {
        if (!tensor.isEmpty()) {
            maps.put(tensor, m);
        }
    }

    public long[] shape(String tensor) {
        return shapes.get(tensor);
    }

    public int rank(String tensor) {
        long[] s = shapes.get(tensor);
        return s == null ? -1 : s.length;
    }

    /** The constant value of a tensor (initializer or Constant, through Identity), or null for data. */
    public TensorProto constant(String tensor) {
        return tensor.isEmpty() ? null : index.constantValue(tensor);
    }

    public boolean isConstant(String tensor) {
        return constant(tensor) != null;
    }

    /** A constant, or one value a chain of Casts makes of a constant (Python-float Clip bounds exported unfolded). */
    public boolean isKnownBeforeRun(String tensor) {
        return isConstant(tensor) || (!tensor.isEmpty() && CastOp.constantScalar(index, tensor) != null);
    }

    public boolean hasInput(NodeProto n, int slot) {
        return slot < n.getInputCount() && !n.getInput(slot).isEmpty();
    }

    /** The dims of a float constant at {@code slot}, which a cut can slice; refuses run-time tensors. */
    public long[] requireFloatConstant(NodeProto n, int slot) throws NotTraceable {
        TensorProto t = hasInput(n, slot) ? constant(n.getInput(slot)) : null;
        if (t == null) {
            throw new NotTraceable("input " + slot + " is computed at run time, not a constant");
        }
        if (!Tensors.isFloat(t)) {
            throw new NotTraceable("input " + slot + " is " + Tensors.typeName(t.getDataType()) + ", not FLOAT");
        }
        return Tensors.dims(t);
    }

    public ChannelMap fresh(long channels, boolean pinned) {
        int[] e = new int[Math.toIntExact(channels)];
        for (int i = 0; i < e.length; i++) {
            e[i] = union.newElement(pinned);
        }
        return register(e, 1);
    }

    public ChannelMap register(int[] elements, int unit) {
        ChannelMap m = new ChannelMap(allMaps.size(), elements, unit);
        allMaps.add(m);
        return m;
    }

    /** Couples two maps of equal length position by position. */
    public void unite(ChannelMap a, ChannelMap b) {
        for (int i = 0; i < a.length(); i++) {
            union.union(a.element(i), b.element(i));
        }
    }

    public void pin(ChannelMap m) {
        for (int i = 0; i < m.length(); i++) {
            union.pin(m.element(i));
        }
    }

    public void cut(int node, int slot, int axis, ChannelMap m, ChannelCut.Side side, ChannelCut.Role role) {
        cuts.add(new ChannelCut(node, slot, axis, m, side, role));
    }

    public void edit(StructuralEdit e) {
        edits.add(e);
    }

    /**
     * A later node whose channels the current rule has traced as part of a pattern (a channel shuffle's
     * Transpose and closing Reshape): the walk skips it.
     */
    public void claim(NodeProto later) {
        claimed.add(index.position(later));
    }

    boolean claimed(NodeProto n) {
        return claimed.contains(index.position(n));
    }

    /**
     * Why this node's shapes are not enough for a channel rule, or null when they are: a data input
     * or an output whose rank or channel count is unknown (lenient inference leaves them so after
     * an op it does not know). Batch and spatial sizes may be unknown; rules that need them check.
     */
    String unknownShape(NodeProto n) {
        for (int slot = 0; slot < n.getInputCount(); slot++) {
            String in = n.getInput(slot);
            if (!in.isEmpty() && !isConstant(in) && !channelsKnown(shapes.get(in))) {
                return "the shape of input " + slot + " is unknown (it follows an op shape inference does not know)";
            }
        }
        for (int o = 0; o < n.getOutputCount(); o++) {
            if (!n.getOutput(o).isEmpty() && !channelsKnown(shapes.get(n.getOutput(o)))) {
                return "the shape of output " + o + " is unknown";
            }
        }
        return null;
    }

    private static boolean channelsKnown(long[] s) {
        return s != null && (s.length < 2 || s[1] != ShapeInference.UNKNOWN);
    }

    /** The node keeps every channel it reads; its outputs get fresh channels that nothing may remove. */
    void barrier(NodeProto n, String reason) {
        for (String in : n.getInputList()) {
            ChannelMap m = map(in);
            if (m != null) {
                pin(m);
            }
        }
        for (String out : n.getOutputList()) {
            long[] s = out.isEmpty() ? null : shapes.get(out);
            if (s != null && s.length >= 2 && s[1] > 0) {
                setMap(out, fresh(s[1], true));
            }
        }
        barriers.add(new Barrier(nodeName(n), n.getOpType(), reason));
    }

    String nodeName(NodeProto n) {
        return n.getName().isEmpty() ? n.getOutput(0) : n.getName();
    }
}
