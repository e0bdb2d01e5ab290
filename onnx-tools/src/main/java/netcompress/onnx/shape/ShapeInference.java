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
 * intermediate shapes comes from here. Ops outside the set are refused naming op and node.
 */
public final class ShapeInference {
    public static final long UNKNOWN = -1;

    private final GraphIndex index;
    private final Map<String, long[]> shapes = new HashMap<>();

    private ShapeInference(GraphIndex index) {
        this.index = index;
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
        ShapeInference si = new ShapeInference(index);
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
            throw new BadInputException("node " + GraphIndex.describe(n) + ": shape of input '" + n.getInput(slot) + "' is unknown");
        }
        return s;
    }

    private void visit(NodeProto n) {
        long[][] out;
        try {
            out = OpShapes.outputs(n, this::in, index);
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
