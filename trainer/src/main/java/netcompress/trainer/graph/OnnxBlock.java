package netcompress.trainer.graph;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DJL block that runs an ONNX graph: one DJL {@link Parameter} per float initializer (typed from its
 * consumer), each node compiled to NDArray operations. The graph stays the model: {@link #toModel()}
 * writes the current weights and BN statistics back into the same graph.
 *
 * <p>Outputs of every node are attached to the input's manager, so a caller that creates the input
 * in a per-step sub-manager frees everything the step made when it closes that manager.
 */
public final class OnnxBlock extends AbstractBlock implements AutoCloseable {
    private record Step(NodeProto node, String[] inputs, Kernel kernel) {
    }

    /** Shape inference results kept per input shape (the last batch of an epoch is smaller). */
    private static final int SHAPE_CACHE = 8;

    private final ModelProto model;
    private final String inputName;
    private final String outputName;
    private final List<Step> plan = new ArrayList<>();
    private final Map<String, Parameter> byInitializer = new LinkedHashMap<>();
    private final Map<String, NDArray> constants = new HashMap<>();
    private final Set<NDArray> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final NDManager manager;
    private final GraphIndex index;
    private final Map<List<Long>, ShapeInference> shapesByInput = new LinkedHashMap<>();

    private OnnxBlock(ModelProto model, NDManager parent, Device device) {
        super((byte) 1);
        this.model = model;
        this.manager = parent.newSubManager(device);
        GraphProto g = model.getGraph();
        index = GraphIndex.of(g);
        if (index.dataInputs().size() != 1 || g.getOutputCount() < 1) {
            throw new BadInputException("the trainer needs a graph with one data input and a logits output; this one has "
                    + index.dataInputs().size() + " inputs");
        }
        inputName = index.dataInputs().keySet().iterator().next();
        outputName = g.getOutput(0).getName();
        Map<String, InitializerRoles.Role> roles = InitializerRoles.of(index);
        for (TensorProto t : index.initializers().values()) {
            InitializerRoles.Role role = roles.get(t.getName());
            NDArray array = toArray(t);
            if (role != null && role.type() != null) {
                Parameter p = Parameter.builder().setName(t.getName()).setType(role.type())
                        .optRequiresGrad(role.trainable()).build();
                p.setArray(array);
                if (role.trainable()) {
                    array.setRequiresGradient(true);
                }
                addParameter(p);
                byInitializer.put(t.getName(), p);
            } else {
                constants.put(t.getName(), array);
            }
            owned.add(array);
        }
        // nodes whose outputs follow from the input shape alone (Shape -> Gather -> Concat arithmetic)
        // are evaluated by shape inference for each batch shape, not run as kernels
        ShapeInference atOne = ShapeInference.run(index, 1L, ShapeInference.Mode.LENIENT);
        for (NodeProto n : index.topologicalOrder()) {
            if (isShapeArithmetic(n, atOne)) {
                continue;
            }
            if (Ops.isConstant(n)) {
                TensorProto value = index.constantValue(n.getOutput(0));
                if (value == null) {
                    throw new BadInputException("node " + GraphIndex.describe(n) + ": only tensor-valued Constant nodes are supported");
                }
                NDArray c = toArray(value);
                constants.put(n.getOutput(0), c);
                owned.add(c);
                continue;
            }
            String[] inputs = n.getInputList().toArray(new String[0]);
            plan.add(new Step(n, inputs, Kernels.compile(n, index)));
        }
    }

    private static boolean isShapeArithmetic(NodeProto n, ShapeInference shapes) {
        return n.getOutputCount() == 1 && !Ops.isConstant(n) && shapes.value(n.getOutput(0)) != null;
    }

    private ShapeInference shapesFor(Shape input) {
        List<Long> key = Arrays.stream(input.getShape()).boxed().toList();
        synchronized (shapesByInput) {
            ShapeInference s = shapesByInput.get(key);
            if (s == null) {
                if (shapesByInput.size() >= SHAPE_CACHE) {
                    shapesByInput.remove(shapesByInput.keySet().iterator().next());
                }
                s = ShapeInference.run(index, Map.of(inputName, input.getShape()), ShapeInference.Mode.LENIENT);
                shapesByInput.put(key, s);
            }
            return s;
        }
    }

    /** The op types the trainer runs: its kernels, and Constant, whose value the block holds. */
    public static List<String> supportedOps() {
        List<String> ops = new ArrayList<>(Kernels.supported());
        ops.add("Constant");
        return ops;
    }

    /** Builds the block on {@code device}; its arrays live in a sub-manager of {@code parent}. */
    public static OnnxBlock of(ModelProto model, NDManager parent, Device device) {
        return new OnnxBlock(SharedInitializers.untie(model), parent, device);
    }

    /**
     * A constant as libtorch holds it: FLOAT as float32, DOUBLE and FLOAT16 in their own types (an export's Cast
     * follows them), BOOL as booleans, every integer type as int64 (the type shape arithmetic runs in), BFLOAT16 as float32.
     */
    private NDArray toArray(TensorProto t) {
        Shape shape = new Shape(Tensors.dims(t));
        if (Tensors.isFloat(t)) {
            return manager.create(FloatBuffer.wrap(Tensors.floats(t)), shape);
        }
        if (Tensors.isInteger(t)) {
            return manager.create(Tensors.longs(t), shape);
        }
        NDArray values = manager.create(Tensors.numbers(t), shape);
        return switch (t.getDataType()) {
            case TensorProto.DataType.DOUBLE_VALUE -> values;
            case TensorProto.DataType.FLOAT16_VALUE -> values.toType(DataType.FLOAT16, false);
            case TensorProto.DataType.BOOL_VALUE -> values.toType(DataType.BOOLEAN, false);
            default -> values.toType(DataType.FLOAT32, false);
        };
    }

    /** Runs the graph; in training mode BN uses batch statistics (and updates its running ones) and Dropout drops. */
    public NDArray forward(NDArray input, boolean training) {
        NDManager step = input.getManager();
        Map<String, NDArray> values = new HashMap<>();
        values.put(inputName, input);
        ShapeInference shapes = shapesFor(input.getShape());
        for (Step s : plan) {
            NDArray[] in = new NDArray[s.inputs.length];
            for (int i = 0; i < in.length; i++) {
                String name = s.inputs[i];
                if (name.isEmpty()) {
                    continue;
                }
                NDArray v = values.get(name);
                if (v == null) {
                    Parameter p = byInitializer.get(name);
                    v = p != null ? p.getArray() : constants.get(name);
                }
                if (v == null) {
                    v = shapeValue(shapes, name, step);
                    values.put(name, v);
                }
                in[i] = v;
            }
            NDArray[] out = s.kernel.apply(in, training, shapes.context(s.node));
            for (int k = 0; k < out.length && k < s.node.getOutputCount(); k++) {
                if (out[k] != null) {
                    if (!owned.contains(out[k])) {
                        out[k].attach(step);
                    }
                    values.put(s.node.getOutput(k), out[k]);
                }
            }
        }
        NDArray logits = values.get(outputName);
        if (logits == null) {
            throw new BadInputException("graph output '" + outputName + "' is not computed by any supported node");
        }
        return logits;
    }

    /** An evaluated shape tensor (int64) that a kernel reads as data. */
    private static NDArray shapeValue(ShapeInference shapes, String name, NDManager step) {
        IntValue v = shapes.value(name);
        long[] dims = shapes.shape(name);
        if (v == null || !v.fullyKnown() || dims == null) {
            throw new BadInputException("tensor '" + name + "' is not computed by any supported node");
        }
        return step.create(v.values(), new Shape(dims));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Map<String, long[]> shapes = ShapeInference.infer(model, inputShapes[0].get(0));
        return new Shape[] {new Shape(shapes.get(outputName))};
    }

    /** Trainable parameters, in graph order. */
    public List<Parameter> trainable() {
        List<Parameter> list = new ArrayList<>();
        for (Parameter p : byInitializer.values()) {
            if (p.requiresGradient()) {
                list.add(p);
            }
        }
        return list;
    }

    public Map<String, Parameter> parametersByName() {
        return Collections.unmodifiableMap(byInitializer);
    }

    /** Replaces one parameter's values (e.g. from a checkpoint); the array keeps its identity. */
    public void load(String name, float[] values) {
        Parameter p = byInitializer.get(name);
        if (p == null) {
            throw new BadInputException("no parameter named " + name);
        }
        NDArray a = p.getArray();
        if (a.size() != values.length) {
            throw new BadInputException("parameter " + name + " has " + a.size() + " values, the saved state " + values.length);
        }
        a.set(values);
    }

    public String inputName() {
        return inputName;
    }

    /** The same graph with the current weights and BN statistics. */
    public ModelProto toModel() {
        GraphProto.Builder g = model.getGraph().toBuilder().clearInitializer();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            Parameter p = byInitializer.get(t.getName());
            if (p == null) {
                g.addInitializer(t);
            } else {
                NDArray a = p.getArray();
                float[] v = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
                g.addInitializer(Tensors.floatTensor(t.getName(), Tensors.dims(t), v));
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    public Device device() {
        return manager.getDevice();
    }

    @Override
    public void close() {
        manager.close();
    }
}
