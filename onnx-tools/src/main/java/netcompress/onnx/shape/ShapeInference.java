package netcompress.onnx.shape;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.ops.ShapeNotInferable;
import netcompress.onnx.tensor.Tensors;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Static shapes for every tensor, asking each node's {@link OpKind} in topological order. A dimension
 * that is symbolic (the batch) is {@link #UNKNOWN}. Integer tensors computed from shapes (Shape ->
 * Gather -> Unsqueeze -> Concat, as {@code x.view(b, c, 1, 1)} exports) are evaluated on the way, so
 * a Reshape with a computed target has a static shape too. PyTorch leaves {@code value_info} empty,
 * so everything the pruner, counter, trainer and runtime need about intermediate shapes comes from
 * here. In {@link Mode#STRICT} mode ops outside the registry are refused naming op and node; in
 * {@link Mode#LENIENT} mode they leave their outputs unknown.
 */
public final class ShapeInference {
    public static final long UNKNOWN = Dims.UNKNOWN;

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
    private final Map<String, IntValue> values = new HashMap<>();

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
        return run(index, batch, mode).shapes();
    }

    /** The whole inference: shapes, evaluated integer values, and a per-node view for the op kinds. */
    public static ShapeInference run(GraphIndex index, Long batch, Mode mode) {
        Map<String, long[]> inputs = new HashMap<>();
        for (ValueInfoProto v : index.dataInputs().values()) {
            inputs.put(v.getName(), inputShape(v, batch));
        }
        return run(index, inputs, mode);
    }

    /** The inference for the given data input shapes (the trainer's actual batch). */
    public static ShapeInference run(GraphIndex index, Map<String, long[]> inputShapes, Mode mode) {
        ShapeInference si = new ShapeInference(index, mode);
        for (TensorProto t : index.initializers().values()) {
            si.shapes.put(t.getName(), Tensors.dims(t));
            IntValue v = smallIntValue(t);
            if (v != null) {
                si.values.put(t.getName(), v);
            }
        }
        si.shapes.putAll(inputShapes);
        for (NodeProto n : index.topologicalOrder()) {
            si.visit(n);
        }
        return si;
    }

    private static IntValue smallIntValue(TensorProto t) {
        return Tensors.isInteger(t) && Tensors.elementCount(t) <= 64 && !Tensors.isExternal(t) ? IntValue.of(Tensors.longs(t)) : null;
    }

    /** The square side a graph's first input fixes (a pruned PyTorch export at 142x142), or 0 when symbolic. */
    public static int squareInputSide(ModelProto model) {
        long[] in = inputShape(model.getGraph().getInput(0), 1L);
        return in.length == 4 && in[2] > 0 && in[2] == in[3] ? (int) in[2] : 0;
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

    /** Every tensor's shape (a LENIENT run lacks those it could not tell). */
    public Map<String, long[]> shapes() {
        return Collections.unmodifiableMap(shapes);
    }

    public long[] shape(String tensor) {
        return shapes.get(tensor);
    }

    /** The evaluated integer value of a tensor (a small integer constant or shape arithmetic), or null. */
    public IntValue value(String tensor) {
        return tensor.isEmpty() ? null : values.get(tensor);
    }

    /** The view an op kind gets of {@code n}. */
    public NodeContext context(NodeProto n) {
        return new Context(n);
    }

    private void visit(NodeProto n) {
        OpKind kind = Ops.of(n);
        Context c = new Context(n);
        long[][] out;
        try {
            if (kind == null) {
                throw new ShapeNotInferable("unsupported op " + (Ops.isStandard(n) ? "" : n.getDomain() + ":") + n.getOpType()
                        + " at node " + GraphIndex.describe(n));
            }
            out = kind.shapes(c);
        } catch (ShapeNotInferable e) {
            if (mode == Mode.STRICT) {
                throw e;
            }
            out = kind == null ? new long[n.getOutputCount()][] : kind.fromConstants(c);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": cannot infer its shape (" + e.getMessage() + ")", e);
        }
        for (int i = 0; i < out.length && i < n.getOutputCount(); i++) {
            if (out[i] != null && !n.getOutput(i).isEmpty()) {
                shapes.put(n.getOutput(i), out[i]);
            }
        }
        if (kind != null && n.getOutputCount() > 0 && shapes.containsKey(n.getOutput(0))) {
            IntValue v;
            try {
                v = kind.value(c);
            } catch (ShapeNotInferable e) {
                v = null;
            }
            if (v != null) {
                values.put(n.getOutput(0), v);
            }
        }
    }

    private final class Context implements NodeContext {
        private final NodeProto n;

        Context(NodeProto n) {
            this.n = n;
        }

        @Override
        public NodeProto node() {
            return n;
        }

        @Override
        public GraphIndex index() {
            return index;
        }

        @Override
        public long[] in(int slot) {
            if (!has(slot)) {
                throw new BadInputException("node " + GraphIndex.describe(n) + " lacks input " + slot);
            }
            long[] s = shapes.get(n.getInput(slot));
            if (s == null) {
                throw new ShapeNotInferable("node " + GraphIndex.describe(n) + ": shape of input '" + n.getInput(slot) + "' is unknown");
            }
            return s;
        }

        @Override
        public long[] known(int slot) {
            return has(slot) ? shapes.get(n.getInput(slot)) : null;
        }

        @Override
        public long[] out(int k) {
            return k < n.getOutputCount() && !n.getOutput(k).isEmpty() ? shapes.get(n.getOutput(k)) : null;
        }

        @Override
        public IntValue value(int slot) {
            return has(slot) ? values.get(index.resolveIdentity(n.getInput(slot))) : null;
        }
    }

    /** Formats a shape as the inspect table shows it (see {@link Dims#format}). */
    public static String format(long[] s) {
        return Dims.format(s);
    }
}
