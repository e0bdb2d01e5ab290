package netcompress.pruner;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;
import netcompress.pruner.ChannelCut.Role;
import netcompress.pruner.ChannelCut.Side;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static netcompress.pruner.ChannelCut.Role.SCALE;
import static netcompress.pruner.ChannelCut.Role.SHIFT;
import static netcompress.pruner.ChannelCut.Role.STATISTIC;
import static netcompress.pruner.ChannelCut.Role.WEIGHT;

/**
 * The one table of per-op channel rules (Torch-Pruning's idea of one dependency rule per layer
 * type, applied to ONNX ops). An op missing from the table is a barrier.
 *
 * <ul>
 *   <li>channel sources: Conv (group 1) and Gemm / MatMul open fresh output channels and read their
 *       input channels through a weight axis; a depthwise Conv keeps its input's channels; a
 *       grouped Conv removes the same positions in every group;</li>
 *   <li>pass-through: activations, pools, Dropout, Identity, and normalizations whose per-channel
 *       tensors are cut along;</li>
 *   <li>coupling: elementwise ops unite their inputs' channels (Add/Mul with an [N,C,1,1] gate
 *       included), Concat on axis 1 lays its inputs side by side, Slice on axis 1 takes a range,
 *       Split on axis 1 gives each output its range, Flatten gives each channel of an HxW map H*W
 *       features.</li>
 * </ul>
 */
final class ChannelRules {
    private static final ChannelRule PASS = perChannel();

    private static final Map<String, ChannelRule> TABLE = table();

    private ChannelRules() {
    }

    /** The rule for an op, or null when the op is a barrier. */
    static ChannelRule forOp(String op) {
        return TABLE.get(op);
    }

    /** The rule for a node, or null when it is a barrier: custom-domain ops have none, whatever their name. */
    static ChannelRule forNode(NodeProto n) {
        return Ops.isStandard(n) ? forOp(n.getOpType()) : null;
    }

    static boolean known(String op) {
        return TABLE.containsKey(op);
    }

    private static Map<String, ChannelRule> table() {
        Map<String, ChannelRule> t = new HashMap<>();
        t.put("Conv", ChannelRules::conv);
        t.put("Gemm", ChannelRules::gemm);
        t.put("MatMul", ChannelRules::matMul);
        t.put("BatchNormalization", perChannel(SCALE, SHIFT, STATISTIC, STATISTIC));
        t.put("InstanceNormalization", perChannel(SCALE, SHIFT));
        for (String op : List.of("Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Clip", "Tanh", "Elu", "Selu",
                "Neg", "Abs", "Sqrt", "Exp", "Erf", "Identity", "Dropout",
                "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool")) {
            t.put(op, PASS);
        }
        for (String op : List.of("Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Max", "Min", "Sum")) {
            t.put(op, ChannelRules::elementwise);
        }
        t.put("Concat", ChannelRules::concat);
        t.put("Slice", ChannelRules::slice);
        t.put("Split", ChannelRules::split);
        t.put("Flatten", ChannelRules::flatten);
        t.put("ReduceMean", ChannelRules::reduceMean);
        return Map.copyOf(t);
    }

    /**
     * Channels pass from input 0 to output 0; input {@code k} (k >= 1) is a per-channel vector with
     * role {@code roles[k-1]} and is cut along; further inputs must be constants (Clip bounds,
     * Dropout ratio).
     */
    private static ChannelRule perChannel(Role... roles) {
        return (n, pos, t) -> {
            ChannelMap in = t.requireMap(n, 0);
            for (int slot = 1; slot < n.getInputCount(); slot++) {
                if (!t.hasInput(n, slot)) {
                    continue;
                }
                if (slot - 1 < roles.length) {
                    long[] d = t.requireFloatConstant(n, slot);
                    if (d.length != 1 || d[0] != in.length()) {
                        throw new NotTraceable("input " + slot + " is not one value per channel");
                    }
                } else if (!t.isConstant(n.getInput(slot))) {
                    throw new NotTraceable("input " + slot + " is computed at run time");
                }
            }
            for (int o = 1; o < n.getOutputCount(); o++) {
                boolean dropoutMask = o == 1 && n.getOpType().equals("Dropout");
                if (!n.getOutput(o).isEmpty() && !dropoutMask && !t.index.consumers(n.getOutput(o)).isEmpty()) {
                    throw new NotTraceable("its output " + o + " is used");
                }
            }
            for (int slot = 1; slot <= roles.length && slot < n.getInputCount(); slot++) {
                if (t.hasInput(n, slot)) {
                    t.cut(pos, slot, 0, in, Side.OUT, roles[slot - 1]);
                }
            }
            t.setMap(n.getOutput(0), in);
            if (n.getOpType().equals("Dropout") && n.getOutputCount() > 1) {
                t.setMap(n.getOutput(1), in);
            }
        };
    }

    private static void conv(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        long[] w = t.requireFloatConstant(n, 1);
        boolean bias = t.hasInput(n, 2);
        if (bias) {
            t.requireFloatConstant(n, 2);
        }
        long group = Attributes.getInt(n, "group", 1);
        long cin = in.length();
        if (group == 1 && w[1] == cin) {
            ChannelMap out = t.fresh(w[0], false);
            t.cut(pos, 1, 1, in, Side.IN, WEIGHT);
            t.cut(pos, 1, 0, out, Side.OUT, WEIGHT);
            if (bias) {
                t.cut(pos, 2, 0, out, Side.OUT, SHIFT);
            }
            t.setMap(n.getOutput(0), out);
        } else if (group == cin && w[0] == cin && w[1] == 1) {
            // depthwise: output channel c is input channel c filtered on its own
            t.cut(pos, 1, 0, in, Side.OUT, WEIGHT);
            if (bias) {
                t.cut(pos, 2, 0, in, Side.OUT, SHIFT);
            }
            t.edit(new StructuralEdit.DepthwiseGroup(pos, in));
            t.setMap(n.getOutput(0), in);
        } else if (group > 1 && cin % group == 0 && w[0] % group == 0 && w[1] * group == cin) {
            groupedConv(n, pos, t, in, w, (int) group, bias);
        } else {
            throw new NotTraceable("convolution with group " + group + " does not fit " + cin + " -> " + w[0] + " channels");
        }
    }

    /**
     * A grouped convolution keeps its group count: the same positions go in every group (as
     * Torch-Pruning does), so input position p of every group is one channel group, coupled with
     * the producer's channels k * (cin / group) + p, and output position q of every group is one.
     */
    private static void groupedConv(NodeProto n, int pos, Trace t, ChannelMap in, long[] w, int group, boolean bias) {
        int a = (int) (in.length() / group);
        int b = (int) (w[0] / group);
        for (int p = 0; p < a; p++) {
            for (int k = 1; k < group; k++) {
                t.union.union(in.element(p), in.element(k * a + p));
            }
        }
        int[] inPositions = java.util.Arrays.copyOf(in.elements(), a);
        ChannelMap perGroupIn = t.register(inPositions, 1);
        ChannelMap perGroupOut = t.fresh(b, false);
        int[] outElements = new int[(int) w[0]];
        for (int o = 0; o < outElements.length; o++) {
            outElements[o] = perGroupOut.element(o % b);
        }
        ChannelMap out = t.register(outElements, group);
        t.cut(pos, 1, 1, perGroupIn, Side.IN, WEIGHT);
        t.cut(pos, 1, 0, out, Side.OUT, WEIGHT);
        if (bias) {
            t.cut(pos, 2, 0, out, Side.OUT, SHIFT);
        }
        t.setMap(n.getOutput(0), out);
    }

    private static void gemm(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        if (t.rank(n.getInput(0)) != 2 || Attributes.getInt(n, "transA", 0) != 0) {
            throw new NotTraceable("input A is not an [N, features] matrix");
        }
        long[] w = t.requireFloatConstant(n, 1);
        int inAxis = Attributes.getInt(n, "transB", 0) != 0 ? 1 : 0;
        int outAxis = 1 - inAxis;
        if (w.length != 2 || w[inAxis] != in.length()) {
            throw new NotTraceable("weight does not match the input features");
        }
        int biasAxis = -1;
        if (t.hasInput(n, 2)) {
            long[] c = t.requireFloatConstant(n, 2);
            long elements = Tensors.elementCount(c, n.getInput(2));
            if (c.length >= 1 && c[c.length - 1] == w[outAxis] && elements == w[outAxis] && w[outAxis] > 1) {
                biasAxis = c.length - 1;
            } else if (elements != 1) {
                throw new NotTraceable("bias C is not one value per output feature");
            }
        }
        ChannelMap out = t.fresh(w[outAxis], false);
        t.cut(pos, 1, inAxis, in, Side.IN, WEIGHT);
        t.cut(pos, 1, outAxis, out, Side.OUT, WEIGHT);
        if (biasAxis >= 0) {
            t.cut(pos, 2, biasAxis, out, Side.OUT, SHIFT);
        }
        t.setMap(n.getOutput(0), out);
    }

    private static void matMul(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        long[] w = t.requireFloatConstant(n, 1);
        if (t.rank(n.getInput(0)) != 2 || w.length != 2 || w[0] != in.length()) {
            throw new NotTraceable("not an [N, features] x [features, out] product with a constant weight");
        }
        ChannelMap out = t.fresh(w[1], false);
        t.cut(pos, 1, 0, in, Side.IN, WEIGHT);
        t.cut(pos, 1, 1, out, Side.OUT, WEIGHT);
        t.setMap(n.getOutput(0), out);
    }

    /**
     * Inputs carrying the output's channels are united; an input with one channel broadcasts over
     * all (a [N,1,H,W] mask); a constant with one value per channel is cut along (PRelu slope, an
     * added per-channel constant). An SE gate [N,C,1,1] carries C channels and is united.
     */
    private static void elementwise(NodeProto n, int pos, Trace t) throws NotTraceable {
        long[] os = t.shape(n.getOutput(0));
        if (os == null || os.length < 2) {
            throw new NotTraceable("output is not a feature map");
        }
        long c = os[1];
        List<ChannelMap> carriers = new ArrayList<>();
        List<int[]> constantCuts = new ArrayList<>();
        for (int slot = 0; slot < n.getInputCount(); slot++) {
            String in = n.getInput(slot);
            if (in.isEmpty()) {
                continue;
            }
            TensorProto k = t.constant(in);
            if (k != null) {
                long[] d = Tensors.dims(k);
                int axis = 1 - (os.length - d.length);
                if (axis >= 0 && axis < d.length && d[axis] != 1) {
                    if (d[axis] != c || !Tensors.isFloat(k)) {
                        throw new NotTraceable("constant input " + slot + " does not broadcast per channel");
                    }
                    constantCuts.add(new int[] {slot, axis});
                }
                continue;
            }
            ChannelMap m = t.map(in);
            long[] s = t.shape(in);
            if (m == null || s == null) {
                throw new NotTraceable("input " + slot + " has no traceable channels");
            }
            if (s.length != os.length) {
                throw new NotTraceable("input " + slot + " broadcasts across ranks");
            }
            if (s[1] == c) {
                carriers.add(m);
            } else if (s[1] != 1) {
                throw new NotTraceable("input " + slot + " has " + s[1] + " channels, output " + c);
            }
        }
        if (carriers.isEmpty()) {
            throw new NotTraceable("no input carries the output's channels");
        }
        ChannelMap result = carriers.get(0);
        for (int i = 1; i < carriers.size(); i++) {
            t.unite(result, carriers.get(i));
        }
        for (int[] cc : constantCuts) {
            t.cut(pos, cc[0], cc[1], result, Side.OUT, SHIFT);
        }
        t.setMap(n.getOutput(0), result);
    }

    private static void concat(NodeProto n, int pos, Trace t) throws NotTraceable {
        int rank = t.rank(n.getOutput(0));
        long axis = Attributes.getInt(n, "axis", 1);
        axis = axis < 0 ? axis + rank : axis;
        List<ChannelMap> ins = new ArrayList<>();
        for (int slot = 0; slot < n.getInputCount(); slot++) {
            ins.add(t.requireMap(n, slot));
        }
        if (axis == 1) {
            int total = 0;
            int unit = ins.get(0).unit();
            for (ChannelMap m : ins) {
                total += m.length();
                unit = m.unit() == unit ? unit : 1;
            }
            int[] e = new int[total];
            int at = 0;
            for (ChannelMap m : ins) {
                System.arraycopy(m.elements(), 0, e, at, m.length());
                at += m.length();
            }
            t.setMap(n.getOutput(0), t.register(e, unit));
        } else {
            for (ChannelMap m : ins) {
                if (m.length() != ins.get(0).length()) {
                    throw new NotTraceable("inputs differ in channels");
                }
            }
            for (int i = 1; i < ins.size(); i++) {
                t.unite(ins.get(0), ins.get(i));
            }
            t.setMap(n.getOutput(0), ins.get(0));
        }
    }

    /** Channels [start, end) with step 1 (GhostNet's out[:, :oup]); slices over other axes pass. */
    private static void slice(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        int rank = t.rank(n.getInput(0));
        if (n.getInputCount() < 3) {
            throw new NotTraceable("Slice with attribute bounds (opset < 10)");
        }
        long[] starts = intConstant(t, n, 1);
        long[] ends = intConstant(t, n, 2);
        long[] axes = t.hasInput(n, 3) ? intConstant(t, n, 3) : null;
        long[] steps = t.hasInput(n, 4) ? intConstant(t, n, 4) : null;
        int entry = -1;
        for (int i = 0; i < starts.length; i++) {
            long a = axes == null ? i : axes[i];
            if ((a < 0 ? a + rank : a) == 1) {
                if (entry >= 0) {
                    throw new NotTraceable("channel axis sliced twice");
                }
                entry = i;
            }
        }
        if (entry < 0) {
            t.setMap(n.getOutput(0), in);
            return;
        }
        if (steps != null && steps[entry] != 1) {
            throw new NotTraceable("channel Slice with step " + steps[entry]);
        }
        long c = in.length();
        long start = clamp(starts[entry], c);
        long end = clamp(ends[entry], c);
        if (end <= start) {
            throw new NotTraceable("empty channel Slice");
        }
        int[] e = java.util.Arrays.copyOfRange(in.elements(), (int) start, (int) end);
        t.edit(new StructuralEdit.ChannelSlice(pos, in, entry, start, end));
        t.setMap(n.getOutput(0), t.register(e, in.unit()));
    }

    /**
     * Split on axis 1 (torch.split / torch.chunk of channels): output k carries channels
     * [offset_k, offset_k + size_k) of the input; after pruning its size becomes the channels it
     * keeps. A Split over another axis gives every output all the input's channels.
     */
    private static void split(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        int rank = t.rank(n.getInput(0));
        long a = Attributes.getInt(n, "axis", 0);
        if ((a < 0 ? a + rank : a) != 1) {
            for (String out : n.getOutputList()) {
                t.setMap(out, in);
            }
            return;
        }
        long[] sizes = new long[n.getOutputCount()];
        for (int k = 0; k < sizes.length; k++) {
            long[] s = n.getOutput(k).isEmpty() ? null : t.shape(n.getOutput(k));
            if (s == null) {
                throw new NotTraceable("output " + k + " has no shape");
            }
            sizes[k] = s[1];
        }
        if (java.util.Arrays.stream(sizes).sum() != in.length()) {
            throw new NotTraceable("parts of " + java.util.Arrays.toString(sizes) + " channels do not add up to " + in.length());
        }
        List<ChannelMap> parts = new ArrayList<>();
        int offset = 0;
        for (long size : sizes) {
            int[] e = java.util.Arrays.copyOfRange(in.elements(), offset, offset + (int) size);
            parts.add(t.register(e, in.unit()));
            offset += (int) size;
        }
        t.edit(new StructuralEdit.SplitSizes(pos, List.copyOf(parts)));
        for (int k = 0; k < parts.size(); k++) {
            t.setMap(n.getOutput(k), parts.get(k));
        }
    }

    private static long clamp(long v, long c) {
        long x = v < 0 ? v + c : v;
        return Math.max(0, Math.min(c, x));
    }

    private static long[] intConstant(Trace t, NodeProto n, int slot) throws NotTraceable {
        TensorProto k = t.constant(n.getInput(slot));
        if (k == null || !(k.getDataType() == Tensors.INT64 || k.getDataType() == TensorProto.DataType.INT32_VALUE)) {
            throw new NotTraceable("input " + slot + " is not an integer constant");
        }
        return Tensors.longs(k);
    }

    /** Flatten(axis 1) of [N,C,H,W]: feature c*H*W + k belongs to channel c. */
    private static void flatten(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        long[] s = t.shape(n.getInput(0));
        long axis = Attributes.getInt(n, "axis", 1);
        if (axis < 0) {
            axis += s.length;
        }
        if (axis != 1) {
            throw new NotTraceable("Flatten on axis " + axis);
        }
        long hw = 1;
        for (int i = 2; i < s.length; i++) {
            if (s[i] == ShapeInference.UNKNOWN) {
                throw new NotTraceable("the spatial size it flattens is unknown");
            }
            hw *= s[i];
        }
        if (hw == 1) {
            t.setMap(n.getOutput(0), in);
            return;
        }
        int[] e = new int[Math.toIntExact(in.length() * hw)];
        for (int ch = 0; ch < in.length(); ch++) {
            java.util.Arrays.fill(e, (int) (ch * hw), (int) ((ch + 1) * hw), in.element(ch));
        }
        t.setMap(n.getOutput(0), t.register(e, Math.toIntExact(in.unit() * hw)));
    }

    private static void reduceMean(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        int rank = t.rank(n.getInput(0));
        long[] axes = Attributes.getInts(n, "axes");
        boolean keep = Attributes.getInt(n, "keepdims", 1) != 0;
        if (axes == null) {
            throw new NotTraceable("reduces every axis");
        }
        for (long a : axes) {
            long x = a < 0 ? a + rank : a;
            if (x == 1 || (!keep && x == 0)) {
                throw new NotTraceable("reduces or moves the channel axis");
            }
        }
        t.setMap(n.getOutput(0), in);
    }
}
