package netcompress.onnx.shape;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.tensor.Tensors;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Static shapes for the CNN op set. A dimension that is symbolic (the batch) is {@link #UNKNOWN}.
 * PyTorch leaves {@code value_info} empty, so everything the pruner, counter and runtime need about
 * intermediate shapes comes from here. In {@link Mode#STRICT} mode ops outside the set are refused
 * naming op and node; in {@link Mode#LENIENT} mode they leave their outputs unknown.
 */
public final class ShapeInference {
    public static final long UNKNOWN = -1;

    /** What to do with a shape the rules cannot tell. */
    public enum Mode {
        /** Refuse the model, naming op and node: for tools that need every shape (count, inspect, the checker). */
        STRICT,
        /**
         * Leave it out of the map, and so everything computed from it, except what constants tell
         * (a Conv's output channels come from its weight; batch and spatial sizes are then UNKNOWN).
         * For the pruner, which keeps the channels of whatever it cannot reason about.
         */
        LENIENT
    }

    private final GraphIndex index;
    private final Mode mode;
    private final Map<String, long[]> shapes = new HashMap<>();

    private ShapeInference(GraphIndex index, Mode mode) {
        this.index = index;
        this.mode = mode;
    }

    /** Shapes of every tensor, with the symbolic batch dimension left {@link #UNKNOWN}. */
    public static Map<String, long[]> infer(ModelProto model) {
        return infer(GraphIndex.of(model.getGraph()), null);
    }

    /** Shapes of every tensor with symbolic input dims set to {@code batch}. */
    public static Map<String, long[]> infer(ModelProto model, long batch) {
        return infer(GraphIndex.of(model.getGraph()), batch);
    }

    public static Map<String, long[]> infer(GraphIndex index, Long batch) {
        return infer(index, batch, Mode.STRICT);
    }

    /** Shapes with symbolic input dims set to {@code batch} (null: UNKNOWN); a LENIENT map lacks the tensors it cannot tell. */
    public static Map<String, long[]> infer(GraphIndex index, Long batch, Mode mode) {
        ShapeInference si = new ShapeInference(index, mode);
        for (TensorProto t : index.initializers().values()) {
            si.shapes.put(t.getName(), Tensors.dims(t));
        }
        for (ValueInfoProto v : index.dataInputs().values()) {
            si.shapes.put(v.getName(), inputShape(v, batch));
        }
        for (NodeProto n : index.topologicalOrder()) {
            si.visit(n);
        }
        return si.shapes;
    }

    /** The declared shape of a graph input; symbolic dims become {@code batch} or UNKNOWN. */
    public static long[] inputShape(ValueInfoProto v, Long batch) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            throw new BadInputException("graph input '" + v.getName() + "' has no tensor shape");
        }
        TensorShapeProto s = v.getType().getTensorType().getShape();
        long[] d = new long[s.getDimCount()];
        for (int i = 0; i < d.length; i++) {
            TensorShapeProto.Dimension dim = s.getDim(i);
            d[i] = dim.hasDimValue() && dim.getDimValue() > 0 ? dim.getDimValue() : (batch != null ? batch : UNKNOWN);
        }
        return d;
    }

    private long[] in(NodeProto n, int slot) {
        if (slot >= n.getInputCount() || n.getInput(slot).isEmpty()) {
            throw new BadInputException("node " + GraphIndex.describe(n) + " lacks input " + slot);
        }
        long[] s = shapes.get(n.getInput(slot));
        if (s == null) {
            throw new ShapeNotInferable("node " + GraphIndex.describe(n) + ": shape of input '" + n.getInput(slot) + "' is unknown");
        }
        return s;
    }

    /** The shape of an input, or null when it is omitted or unknown. */
    private long[] known(NodeProto n, int slot) {
        return slot < n.getInputCount() && !n.getInput(slot).isEmpty() ? shapes.get(n.getInput(slot)) : null;
    }

    private void visit(NodeProto n) {
        long[][] out;
        try {
            out = outputs(n);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": cannot infer its shape (" + e.getMessage() + ")", e);
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] != null && !n.getOutput(i).isEmpty()) {
                shapes.put(n.getOutput(i), out[i]);
            }
        }
    }

    private long[][] outputs(NodeProto n) {
        try {
            return OpShapes.outputs(n, this::in, index);
        } catch (ShapeNotInferable e) {
            if (mode == Mode.STRICT) {
                throw e;
            }
            return OpShapes.fromConstants(n, this::known);
        }
    }

    /** Formats a shape with '?' for unknown dims, as the inspect table shows it. */
    public static String format(long[] s) {
        if (s == null) {
            return "?";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.length; i++) {
            b.append(i > 0 ? ", " : "").append(s[i] == UNKNOWN ? "N" : Long.toString(s[i]));
        }
        return b.append(']').toString();
    }

    static long[] copy(long[] s) {
        return Arrays.copyOf(s, s.length);
    }
}
