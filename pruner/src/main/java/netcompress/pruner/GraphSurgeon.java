package netcompress.pruner;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.tensor.Tensors;
import netcompress.onnx.transform.BnFolding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes the chosen channel groups from the graph: slices every cut tensor and applies each
 * rule's structural edits (which know what they change). A tensor that several layers read
 * (PyTorch's exporter shares equal tensors through Identity nodes) is copied for the layer being
 * cut, so the others keep theirs. Intermediate {@code value_info} is dropped because its channel
 * counts are stale.
 */
final class GraphSurgeon implements Surgery {
    private final ChannelDependencies deps;
    private final boolean[] removed;
    private final GraphIndex index;
    private final Map<Integer, int[]> keptCache = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final List<NodeProto> prefix = new ArrayList<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();

    private GraphSurgeon(ChannelDependencies deps, boolean[] removed) {
        this.deps = deps;
        this.removed = removed;
        this.index = deps.index();
    }

    static ModelProto apply(ChannelDependencies deps, boolean[] removedGroups) {
        return new GraphSurgeon(deps, removedGroups).run();
    }

    private ModelProto run() {
        GraphProto g = index.graph();
        for (TensorProto t : g.getInitializerList()) {
            initializers.put(t.getName(), t);
            names.add(t.getName());
        }
        g.getInputList().forEach(v -> names.add(v.getName()));
        for (NodeProto n : g.getNodeList()) {
            names.addAll(n.getOutputList());
            names.add(n.getName());
        }
        Map<String, Integer> uses = terminalUses(g);
        List<NodeProto.Builder> nodes = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            nodes.add(n.toBuilder());
        }

        Map<Long, List<ChannelCut>> bySlot = new LinkedHashMap<>();
        for (ChannelCut c : deps.cuts()) {
            bySlot.computeIfAbsent(c.slotKey(), k -> new ArrayList<>()).add(c);
        }
        for (List<ChannelCut> cs : bySlot.values()) {
            cutSlot(cs, nodes, uses);
        }
        for (StructuralEdit e : deps.edits()) {
            nodes.set(e.node(), e.apply(nodes.get(e.node()).build(), this).toBuilder());
        }

        GraphProto.Builder out = g.toBuilder().clearNode().clearValueInfo().clearInitializer();
        prefix.forEach(out::addNode);
        nodes.forEach(nb -> out.addNode(nb.build()));
        out.addAllInitializer(initializers.values());
        GraphProto cleaned = BnFolding.dropUnusedInitializers(dropDeadNodes(out.build(), readTensors(g)));
        cleaned = refreshInitializerInputs(cleaned);
        return deps.model().toBuilder().setGraph(cleaned).build();
    }

    private void cutSlot(List<ChannelCut> cs, List<NodeProto.Builder> nodes, Map<String, Integer> uses) {
        ChannelCut first = cs.get(0);
        NodeProto.Builder nb = nodes.get(first.node());
        String input = nb.getInput(first.slot());
        TensorProto src = index.constantValue(input);
        int[][] keep = new int[src.getDimsCount()][];
        boolean changes = false;
        for (ChannelCut c : cs) {
            int[] k = kept(c.map());
            keep[c.axis()] = k;
            changes |= k.length != c.map().length();
        }
        if (!changes) {
            return;
        }
        String resolved = index.resolveIdentity(input);
        boolean initializer = index.isInitializer(resolved);
        if (initializer && uses.getOrDefault(resolved, 0) == 1) {
            initializers.put(resolved, TensorSlicer.slice(src, keep, resolved));
            return;
        }
        String name = unique(resolved + "_pruned");
        TensorProto sliced = TensorSlicer.slice(src, keep, name);
        if (initializer) {
            initializers.put(name, sliced);
        } else {
            prefix.add(NodeProto.newBuilder().setOpType("Constant").setName(name).addOutput(name)
                    .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(sliced))
                    .build());
        }
        nb.setInput(first.slot(), name);
    }

    @Override
    public String intConstantReplacing(String tensor, int entry, long value) {
        TensorProto t = index.constantValue(tensor);
        long[] v = Tensors.longs(t);
        v[entry] = value;
        return intInitializer(index.resolveIdentity(tensor) + "_pruned", t.getDataType(), v);
    }

    @Override
    public int opset() {
        return Ops.opset(deps.model());
    }

    @Override
    public String intInitializer(String hint, int dataType, long[] v) {
        String name = unique(hint);
        initializers.put(name, Tensors.integerTensor(name, dataType, new long[] {v.length}, v));
        return name;
    }

    @Override
    public int[] kept(ChannelMap m) {
        return keptCache.computeIfAbsent(m.id(), id -> {
            int[] k = new int[m.length()];
            int n = 0;
            for (int p = 0; p < m.length(); p++) {
                if (!removed[deps.root(m.element(p))]) {
                    k[n++] = p;
                }
            }
            return Arrays.copyOf(k, n);
        });
    }

    /** How many node input slots (Identity chains followed to their end) read each constant. */
    private Map<String, Integer> terminalUses(GraphProto g) {
        Map<String, Integer> uses = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            if (Ops.isIdentity(n)) {
                continue;
            }
            for (String in : n.getInputList()) {
                if (!in.isEmpty()) {
                    uses.merge(index.resolveIdentity(in), 1, Integer::sum);
                }
            }
        }
        for (ValueInfoProto o : g.getOutputList()) {
            uses.merge(index.resolveIdentity(o.getName()), 1, Integer::sum);
        }
        return uses;
    }

    /**
     * Nodes whose outputs the input graph read and nothing reads any more: the shared-tensor Identity
     * chains a cut bypassed, and what an edit made unreachable (a channel shuffle's Reshape and Transpose
     * with the shape arithmetic that fed them, computed Slice bounds). Nodes the file already left unread
     * stay as they were.
     */
    private static GraphProto dropDeadNodes(GraphProto g, Set<String> readBefore) {
        List<NodeProto> nodes = new ArrayList<>(g.getNodeList());
        boolean changed = true;
        while (changed) {
            Set<String> read = readTensors(g.toBuilder().clearNode().addAllNode(nodes).build());
            changed = nodes.removeIf(n -> n.getOutputList().stream().anyMatch(readBefore::contains)
                    && n.getOutputList().stream().noneMatch(read::contains));
        }
        return g.toBuilder().clearNode().addAllNode(nodes).build();
    }

    private static Set<String> readTensors(GraphProto g) {
        Set<String> read = new HashSet<>();
        g.getNodeList().forEach(n -> read.addAll(n.getInputList()));
        g.getOutputList().forEach(o -> read.add(o.getName()));
        return read;
    }

    /** Graph inputs that name initializers (old IR style) get the sliced shapes. */
    private static GraphProto refreshInitializerInputs(GraphProto g) {
        Map<String, TensorProto> inits = new HashMap<>();
        g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        GraphProto.Builder b = g.toBuilder();
        for (int i = 0; i < b.getInputCount(); i++) {
            ValueInfoProto v = b.getInput(i);
            TensorProto t = inits.get(v.getName());
            if (t != null && v.getType().hasTensorType()) {
                TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
                t.getDimsList().forEach(d -> s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d)));
                b.setInput(i, v.toBuilder().setType(v.getType().toBuilder().setTensorType(
                        v.getType().getTensorType().toBuilder().setShape(s))).build());
            }
        }
        return b.build();
    }

    private String unique(String base) {
        String name = base;
        for (int k = 1; !names.add(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }
}
