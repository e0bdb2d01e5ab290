package netcompress.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.Provenance;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Writes new graphs layer by layer, the way the model zoo and tests build networks. Weights start
 * as PyTorch's defaults (uniform in +-1/sqrt(fan_in) for Conv and Linear; BN scale 1, shift 0, mean 0,
 * var 1) from a seeded generator, so the same seed builds the same model. Shapes are inferred as
 * the graph grows, so a layer knows its input channels. Inference is lenient, so a graph may hold
 * ops outside its set (nets that test the pruner's barriers); asking for a shape that such an op
 * leaves unknown is refused naming the op.
 */
public final class GraphBuilder {
    public static final int OPSET = 14; // 14 is the first with HardSwish
    public static final String BATCH = "batch";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Random random;
    private int counter;
    private Map<String, long[]> shapes;

    public GraphBuilder(String name, long seed) {
        graph.setName(name);
        random = new Random(seed);
    }

    /** A float graph input; a dimension of -1 becomes the symbolic batch dimension. */
    public String input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        shapes = null;
        return name;
    }

    public String initializer(String hint, long[] dims, float[] data) {
        String name = unique(hint);
        graph.addInitializer(Tensors.floatTensor(name, dims, data));
        shapes = null;
        return name;
    }

    public String longInitializer(String hint, long[] values) {
        String name = unique(hint);
        graph.addInitializer(Tensors.longTensor(name, new long[] {values.length}, values));
        return name;
    }

    /** Adds a node with one output and returns the output's name. */
    public String node(String op, String[] inputs, AttributeProto... attrs) {
        String name = unique(op.toLowerCase());
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(name);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        shapes = null;
        return name;
    }

    public long[] shape(String tensor) {
        if (shapes == null) {
            shapes = ShapeInference.infer(GraphIndex.of(probe(tensor).getGraph()), null, ShapeInference.Mode.LENIENT);
        }
        long[] s = shapes.get(tensor);
        if (s == null) {
            ShapeInference.infer(probe(tensor)); // strict: throws naming the op that leaves it unknown
            throw new IllegalArgumentException("unknown tensor " + tensor);
        }
        return s;
    }

    /** The graph so far with {@code tensor} as an output, so that indexing it checks the name exists. */
    private ModelProto probe(String tensor) {
        GraphProto.Builder probe = graph.clone();
        probe.addOutput(ValueInfoProto.newBuilder().setName(tensor));
        return wrap(probe.build());
    }

    public long channels(String tensor) {
        long c = shape(tensor)[1];
        if (c == ShapeInference.UNKNOWN) {
            throw new IllegalArgumentException("the channels of " + tensor + " are unknown (it follows an op shape inference does not know)");
        }
        return c;
    }

    public String conv(String x, long outC, int kernel, int stride, int pad, long group, boolean bias) {
        long inC = channels(x);
        long fanIn = inC / group * kernel * kernel;
        String w = initializer("conv_w", new long[] {outC, inC / group, kernel, kernel}, uniform(outC * (inC / group) * kernel * kernel, fanIn));
        String[] inputs = bias ? new String[] {x, w, initializer("conv_b", new long[] {outC}, uniform(outC, fanIn))} : new String[] {x, w};
        return node("Conv", inputs,
                Attributes.ints("kernel_shape", kernel, kernel), Attributes.ints("strides", stride, stride),
                Attributes.ints("pads", pad, pad, pad, pad), Attributes.ints("dilations", 1, 1), Attributes.integer("group", group));
    }

    public String batchNorm(String x) {
        int c = (int) channels(x);
        float[] ones = new float[c];
        Arrays.fill(ones, 1f);
        return node("BatchNormalization", new String[] {x,
                        initializer("bn_scale", new long[] {c}, ones.clone()), initializer("bn_b", new long[] {c}, new float[c]),
                        initializer("bn_mean", new long[] {c}, new float[c]), initializer("bn_var", new long[] {c}, ones)},
                Attributes.floating("epsilon", 1e-5f), Attributes.floating("momentum", 0.9f));
    }

    public String relu(String x) {
        return node("Relu", new String[] {x});
    }

    /** ReLU6 exactly as PyTorch exports it: Clip with its bounds in Constant nodes. */
    public String relu6(String x) {
        return node("Clip", new String[] {x, constant("clip_min", 0f), constant("clip_max", 6f)});
    }

    public String constant(String hint, float value) {
        String name = unique(hint);
        graph.addNode(NodeProto.newBuilder().setOpType("Constant").setName(name).addOutput(name)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(Tensors.floatTensor(name, new long[0], new float[] {value}))));
        return name;
    }

    public String sigmoid(String x) {
        return node("Sigmoid", new String[] {x});
    }

    public String hardSigmoid(String x) {
        return node("HardSigmoid", new String[] {x}, Attributes.floating("alpha", 1f / 6f), Attributes.floating("beta", 0.5f));
    }

    public String hardSwish(String x) {
        return node("HardSwish", new String[] {x});
    }

    public String maxPool(String x, int kernel, int stride) {
        return node("MaxPool", new String[] {x}, Attributes.ints("kernel_shape", kernel, kernel),
                Attributes.ints("strides", stride, stride), Attributes.ints("pads", 0, 0, 0, 0));
    }

    public String maxPool(String x, int kernel, int stride, int pad) {
        return node("MaxPool", new String[] {x}, Attributes.ints("kernel_shape", kernel, kernel),
                Attributes.ints("strides", stride, stride), Attributes.ints("pads", pad, pad, pad, pad));
    }

    public String globalAvgPool(String x) {
        return node("GlobalAveragePool", new String[] {x});
    }

    public String flatten(String x) {
        return node("Flatten", new String[] {x}, Attributes.integer("axis", 1));
    }

    /** A Linear layer as PyTorch exports it: Gemm with transB=1, weight [out, in]. */
    public String gemm(String x, long outFeatures) {
        long inF = shape(x)[1];
        String w = initializer("fc_w", new long[] {outFeatures, inF}, uniform(outFeatures * inF, inF));
        String b = initializer("fc_b", new long[] {outFeatures}, uniform(outFeatures, inF));
        return node("Gemm", new String[] {x, w, b}, Attributes.floating("alpha", 1f), Attributes.floating("beta", 1f),
                Attributes.integer("transB", 1));
    }

    public String add(String a, String b) {
        return node("Add", new String[] {a, b});
    }

    public String mul(String a, String b) {
        return node("Mul", new String[] {a, b});
    }

    public String concat(int axis, String... xs) {
        return node("Concat", xs, Attributes.integer("axis", axis));
    }

    /** Channels [start, end) of x, as PyTorch exports {@code x[:, start:end]}. */
    public String sliceChannels(String x, long start, long end) {
        return node("Slice", new String[] {x, longInitializer("starts", new long[] {start}), longInitializer("ends", new long[] {end}),
                longInitializer("axes", new long[] {1}), longInitializer("steps", new long[] {1})});
    }

    /** {@code torch.split(x, sizes, dim=axis)} as PyTorch exports it at opset 13+: the sizes are an int64 input. */
    public String[] split(String x, int axis, long... sizes) {
        return splitNode(new String[] {x, longInitializer("split_sizes", sizes)}, sizes.length, Attributes.integer("axis", axis));
    }

    /** {@code torch.chunk(x, parts, dim=axis)} of an axis that divides: a Split with no sizes, equal parts. */
    public String[] splitEqually(String x, int axis, int parts) {
        return splitNode(new String[] {x}, parts, Attributes.integer("axis", axis));
    }

    private String[] splitNode(String[] inputs, int parts, AttributeProto axis) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType("Split").setName(unique("split")).addAllInput(Arrays.asList(inputs)).addAttribute(axis);
        String[] outs = new String[parts];
        for (int k = 0; k < parts; k++) {
            outs[k] = unique("split_part");
            n.addOutput(outs[k]);
        }
        graph.addNode(n);
        shapes = null;
        return outs;
    }

    public String dropout(String x) {
        return node("Dropout", new String[] {x});
    }

    /** Names {@code tensor} a graph output, through an Identity when the name differs. */
    public void output(String tensor, String name) {
        String out = tensor;
        if (!tensor.equals(name)) {
            graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name).addInput(tensor).addOutput(name));
            out = name;
        }
        long[] s = shape(tensor);
        graph.addOutput(valueInfo(out, s));
        shapes = null;
    }

    public ModelProto build() {
        return wrap(graph.build());
    }

    private static ModelProto wrap(GraphProto g) {
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("netcompress").setProducerVersion(Provenance.netcompressVersion())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(g).build();
    }

    private static ValueInfoProto valueInfo(String name, long[] dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH) : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    private float[] uniform(long n, long fanIn) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (random.nextFloat() * 2 - 1) * bound;
        }
        return v;
    }

    private String unique(String hint) {
        return hint + "_" + (counter++);
    }
}
