package netcompress.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.ops.Ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only index over one graph: who produces and who consumes each tensor, initializers and
 * {@code Constant} node values, and a topological order. Building it validates the graph: every
 * node input must exist and the graph must be acyclic.
 */
public final class GraphIndex {
    /** One use of a tensor: node {@code node} reads it as input number {@code slot}. */
    public record Use(NodeProto node, int slot) {
    }

    private final GraphProto graph;
    private final Map<String, NodeProto> producer = new HashMap<>();
    private final Map<String, List<Use>> consumers = new HashMap<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, ValueInfoProto> inputs = new LinkedHashMap<>();
    private final Set<String> outputs = new HashSet<>();
    private final Map<NodeProto, Integer> position = new IdentityHashMap<>();
    private final List<NodeProto> topoOrder;

    private GraphIndex(GraphProto graph) {
        this.graph = graph;
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        for (ValueInfoProto v : graph.getInputList()) {
            if (!initializers.containsKey(v.getName())) {
                inputs.put(v.getName(), v);
            }
        }
        for (ValueInfoProto v : graph.getOutputList()) {
            outputs.add(v.getName());
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto n = graph.getNode(i);
            position.put(n, i);
            for (String out : n.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (producer.put(out, n) != null || initializers.containsKey(out) || inputs.containsKey(out)) {
                    throw new BadInputException("tensor '" + out + "' is produced twice (second time by node " + describe(n) + ")");
                }
            }
            if (Ops.isConstant(n) && n.getOutputCount() == 1) {
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value") && a.hasT()) {
                        constants.put(n.getOutput(0), a.getT().toBuilder().setName(n.getOutput(0)).build());
                    }
                }
            }
        }
        for (NodeProto n : graph.getNodeList()) {
            for (int s = 0; s < n.getInputCount(); s++) {
                String in = n.getInput(s);
                if (in.isEmpty()) {
                    continue; // an omitted optional input
                }
                if (!producer.containsKey(in) && !initializers.containsKey(in) && !inputs.containsKey(in)) {
                    throw new BadInputException("node " + describe(n) + " reads tensor '" + in + "', which nothing produces");
                }
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(new Use(n, s));
            }
        }
        for (String out : outputs) {
            if (!producer.containsKey(out) && !initializers.containsKey(out) && !inputs.containsKey(out)) {
                throw new BadInputException("graph output '" + out + "' is produced by no node");
            }
        }
        topoOrder = Collections.unmodifiableList(sort());
    }

    public static GraphIndex of(GraphProto graph) {
        return new GraphIndex(graph);
    }

    private List<NodeProto> sort() {
        Map<NodeProto, Integer> pending = new IdentityHashMap<>();
        Deque<NodeProto> ready = new ArrayDeque<>();
        for (NodeProto n : graph.getNodeList()) {
            int deps = 0;
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && producer.containsKey(in)) {
                    deps++;
                }
            }
            pending.put(n, deps);
            if (deps == 0) {
                ready.add(n);
            }
        }
        List<NodeProto> order = new ArrayList<>(graph.getNodeCount());
        while (!ready.isEmpty()) {
            NodeProto n = ready.poll();
            order.add(n);
            for (String out : n.getOutputList()) {
                for (Use u : consumers.getOrDefault(out, List.of())) {
                    // a node reading the same tensor twice counted it twice above
                    int left = pending.merge(u.node(), -1, Integer::sum);
                    if (left == 0) {
                        ready.add(u.node());
                    }
                }
            }
        }
        if (order.size() != graph.getNodeCount()) {
            for (NodeProto n : graph.getNodeList()) {
                if (pending.get(n) > 0) {
                    throw new BadInputException("the graph has a cycle through node " + describe(n));
                }
            }
        }
        return order;
    }

    public GraphProto graph() {
        return graph;
    }

    public List<NodeProto> topologicalOrder() {
        return topoOrder;
    }

    public NodeProto producer(String tensor) {
        return producer.get(tensor);
    }

    public List<Use> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    public Map<String, TensorProto> initializers() {
        return Collections.unmodifiableMap(initializers);
    }

    public TensorProto initializer(String name) {
        return initializers.get(name);
    }

    public boolean isInitializer(String name) {
        return initializers.containsKey(name);
    }

    /** Graph inputs that are not initializers: the data the model is fed. */
    public Map<String, ValueInfoProto> dataInputs() {
        return Collections.unmodifiableMap(inputs);
    }

    public boolean isGraphOutput(String tensor) {
        return outputs.contains(tensor);
    }

    /** Follows {@code Identity} nodes back to the tensor they forward. */
    public String resolveIdentity(String tensor) {
        String t = tensor;
        Set<String> seen = new HashSet<>();
        while (true) {
            NodeProto p = producer.get(t);
            if (p == null || !Ops.isIdentity(p) || p.getInputCount() == 0 || !seen.add(t)) {
                return t;
            }
            t = p.getInput(0);
        }
    }

    /** The constant value of a tensor (initializer or Constant node, through Identity), or null. */
    public TensorProto constantValue(String tensor) {
        String t = resolveIdentity(tensor);
        TensorProto v = initializers.get(t);
        return v != null ? v : constants.get(t);
    }

    /** The node's position in the file (stable, used to name unnamed nodes). */
    public int position(NodeProto n) {
        Integer p = position.get(n);
        return p == null ? -1 : p;
    }

    public static String describe(NodeProto n) {
        String name = n.getName().isEmpty() ? "(unnamed, output " + (n.getOutputCount() > 0 ? n.getOutput(0) : "?") + ")" : n.getName();
        return "'" + name + "' (" + n.getOpType() + ")";
    }
}
