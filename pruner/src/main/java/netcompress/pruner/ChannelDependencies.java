package netcompress.pruner;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.shape.ShapeInference;
import netcompress.pruner.rules.ChannelRule;
import netcompress.pruner.rules.ChannelRules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dependency graph of one model at channel granularity (DepGraph on ONNX): every data tensor's
 * channel map, the union of coupled channels, and every tensor slice and node edit that removing a
 * channel implies. A <em>channel group</em> is one root of the union: one channel as it runs through
 * every coupled tensor. Removing it is always consistent; removing a pinned one is never allowed.
 */
public final class ChannelDependencies {
    private final ModelProto model;
    private final GraphIndex index;
    private final Map<String, ChannelMap> maps;
    private final List<ChannelMap> allMaps;
    private final List<ChannelCut> cuts;
    private final List<StructuralEdit> edits;
    private final List<Barrier> barriers;
    private final ChannelUnion union;
    private final int[] roots;

    private ChannelDependencies(ModelProto model, Trace t) {
        this.model = model;
        this.index = t.index;
        this.maps = t.maps;
        this.allMaps = List.copyOf(t.allMaps);
        this.cuts = List.copyOf(t.cuts);
        this.edits = List.copyOf(t.edits);
        this.barriers = List.copyOf(t.barriers);
        this.union = t.union;
        this.roots = new int[union.size()];
        for (int e = 0; e < roots.length; e++) {
            roots[e] = union.find(e);
        }
    }

    /**
     * Traces the model. Channels reaching a graph output, a barrier or the output of a node named in
     * {@code protect} are pinned. Shapes are inferred leniently: an op outside the shape inference
     * set, and a node whose shapes it leaves unknown, is a barrier like an op without a rule.
     */
    public static ChannelDependencies analyze(ModelProto model, Collection<String> protect) {
        GraphIndex index = GraphIndex.of(model.getGraph());
        ShapeInference inference = ShapeInference.run(index, 1L, ShapeInference.Mode.LENIENT);
        Map<String, long[]> shapes = inference.shapes();
        Trace t = new Trace(index, inference);
        for (ValueInfoProto in : index.dataInputs().values()) {
            long[] s = shapes.get(in.getName());
            if (s != null && s.length >= 2) {
                t.setMap(in.getName(), t.fresh(s[1], true));
            }
        }
        for (NodeProto n : index.topologicalOrder()) {
            if (t.claimed(n) || Ops.isConstant(n) || onlyConstants(n, t) || isShapeArithmetic(n, t)) {
                continue;
            }
            ChannelRule rule = ChannelRules.forNode(n);
            if (rule == null) {
                t.barrier(n, "no channel rule for " + (n.getDomain().isEmpty() ? "" : n.getDomain() + ":") + n.getOpType());
                continue;
            }
            String unknown = t.unknownShape(n);
            if (unknown != null) {
                t.barrier(n, unknown);
                continue;
            }
            try {
                rule.trace(n, index.position(n), t);
            } catch (NotTraceable e) {
                t.barrier(n, e.getMessage());
                continue;
            }
            checkLengths(n, t);
        }
        for (ValueInfoProto out : model.getGraph().getOutputList()) {
            ChannelMap m = t.map(out.getName());
            if (m != null) {
                t.pin(m);
            }
        }
        Set<String> unknown = new TreeSet<>(protect);
        for (NodeProto n : index.topologicalOrder()) {
            if (unknown.remove(n.getName()) || (n.getOutputCount() > 0 && unknown.remove(n.getOutput(0)))) {
                for (String o : n.getOutputList()) {
                    ChannelMap m = t.map(o);
                    if (m != null) {
                        t.pin(m);
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadInputException("{protect} names no node of the model: " + unknown);
        }
        return new ChannelDependencies(model, t);
    }

    /**
     * A node whose outputs are evaluated integers (Shape, and the Gather / Unsqueeze / Concat that
     * build a Reshape target from it) carries no channels; the rule of the node that reads the value
     * decides what it means for pruning.
     */
    private static boolean isShapeArithmetic(NodeProto n, Trace t) {
        for (String out : n.getOutputList()) {
            if (!out.isEmpty() && t.value(out) == null) {
                return false;
            }
        }
        return n.getOutputCount() > 0;
    }

    private static boolean onlyConstants(NodeProto n, Trace t) {
        for (String in : n.getInputList()) {
            if (!in.isEmpty() && !t.isConstant(in)) {
                return false;
            }
        }
        return true;
    }

    private static void checkLengths(NodeProto n, Trace t) {
        for (String o : n.getOutputList()) {
            ChannelMap m = t.map(o);
            long[] s = o.isEmpty() ? null : t.shape(o);
            if (m != null && (s == null || s.length < 2 || s[1] != m.length())) {
                throw new IllegalStateException("channel rule for " + GraphIndex.describe(n) + " gave " + m.length()
                        + " channels to a tensor of shape " + ShapeInference.format(s));
            }
        }
    }

    public ModelProto model() {
        return model;
    }

    public GraphIndex index() {
        return index;
    }

    public List<ChannelCut> cuts() {
        return cuts;
    }

    public List<StructuralEdit> edits() {
        return edits;
    }

    /** Nodes the pruner could not reason about; their channels stay. */
    public List<Barrier> barriers() {
        return barriers;
    }

    /** Every distinct channel map (a tensor's channel axis; pass-through ops share their input's). */
    public List<ChannelMap> maps() {
        return allMaps;
    }

    /** The channel map of a data tensor, or null when it has none (constants, shape tensors). */
    public ChannelMap map(String tensor) {
        return maps.get(tensor);
    }

    /** Number of channel elements; roots are among 0..elementCount()-1. */
    public int elementCount() {
        return roots.length;
    }

    public int root(int element) {
        return roots[element];
    }

    /** The channel group carried by {@code channel} of {@code tensor}. */
    public int groupOf(String tensor, int channel) {
        ChannelMap m = maps.get(tensor);
        if (m == null) {
            throw new IllegalArgumentException("tensor " + tensor + " has no channel map");
        }
        return roots[m.element(channel)];
    }

    public boolean isPinned(int group) {
        return union.isPinned(group);
    }

    /** Every channel group, pinned or not, in ascending id order. */
    public List<Integer> groups() {
        List<Integer> g = new ArrayList<>();
        for (int e = 0; e < roots.length; e++) {
            if (roots[e] == e) {
                g.add(e);
            }
        }
        return g;
    }

    public List<Integer> prunableGroups() {
        List<Integer> g = new ArrayList<>();
        for (int r : groups()) {
            if (!union.isPinned(r)) {
                g.add(r);
            }
        }
        return g;
    }

    /**
     * One tensor position a channel group occupies: input {@code slot} of node {@code node} (at
     * {@code position} in the graph), index {@code index} on {@code axis}.
     */
    public record Member(String node, int position, String op, int slot, int axis, int index, ChannelCut.Side side, ChannelCut.Role role) {
    }

    /** Where channel group {@code group} lives in the model's constant tensors. */
    public List<Member> members(int group) {
        List<Member> out = new ArrayList<>();
        for (ChannelCut c : cuts) {
            for (int p = 0; p < c.map().length(); p++) {
                if (roots[c.map().element(p)] == group) {
                    NodeProto n = index.graph().getNode(c.node());
                    out.add(new Member(n.getName(), c.node(), n.getOpType(), c.slot(), c.axis(), p, c.side(), c.role()));
                }
            }
        }
        return out;
    }

    /**
     * The layer group of every channel group (indexed by group id): channel groups that occur in a
     * common tensor share one (a Conv's filters, a residual stream, a Concat's parts).
     */
    public int[] layerGroups() {
        return PruningPlanner.layerGroups(this);
    }

    /** Per map, how often each group occurs in it (a Flatten map holds a channel H*W times). */
    Map<Integer, Integer> occurrences(ChannelMap m) {
        Map<Integer, Integer> occ = new LinkedHashMap<>();
        for (int p = 0; p < m.length(); p++) {
            occ.merge(roots[m.element(p)], 1, Integer::sum);
        }
        return occ;
    }
}
