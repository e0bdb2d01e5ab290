package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.ops.Ops;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one table of per-op channel rules, keyed by the op registry: a rule for an op type the
 * registry does not know cannot be registered, and an op without a rule is a barrier (its channels
 * stay, and it is listed in the pruner's output).
 */
public final class ChannelRules {
    private static final Map<String, ChannelRule> TABLE = table();

    private ChannelRules() {
    }

    private static Map<String, ChannelRule> table() {
        Map<String, ChannelRule> t = new TreeMap<>();
        t.put("Conv", new ConvRule());
        t.put("Gemm", LinearRule.gemm());
        t.put("MatMul", LinearRule.matMul());
        t.put("BatchNormalization", PerChannelRule.normalization(4));
        t.put("InstanceNormalization", PerChannelRule.normalization(2));
        for (String op : List.of("Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Clip", "Tanh", "Elu", "Selu", "Softplus",
                "Neg", "Abs", "Sqrt", "Exp", "Erf", "Floor", "Ceil", "Reciprocal", "Identity", "Dropout", "Cast",
                "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool")) {
            t.put(op, PerChannelRule.passThrough());
        }
        for (String op : List.of("Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Max", "Min", "Sum")) {
            t.put(op, new ElementwiseRule());
        }
        t.put("Concat", new ConcatRule());
        t.put("Slice", new SliceRule());
        t.put("Split", new SplitRule());
        t.put("Flatten", new FlattenRule());
        t.put("Reshape", new ReshapeRule());
        t.put("Pad", new PadRule());
        t.put("Tile", new TileRule());
        for (String op : List.of("ReduceMean", "ReduceMax", "ReduceSum")) {
            t.put(op, new ReduceRule());
        }
        for (String op : t.keySet()) {
            if (Ops.ofType(op) == null) {
                throw new IllegalStateException("channel rule for " + op + ", which the op registry does not know");
            }
        }
        return Map.copyOf(t);
    }

    /** The rule for a node, or null when it is a barrier: custom-domain ops have none, whatever their name. */
    public static ChannelRule forNode(NodeProto n) {
        return Ops.isStandard(n) ? TABLE.get(n.getOpType()) : null;
    }

    /**
     * Ops that deliberately have no rule, and why: the pruner keeps the channels they touch. Shape
     * arithmetic is skipped by the trace wherever its value is known before run time.
     */
    private static final Map<String, String> BARRIERS = Map.ofEntries(
            Map.entry("Transpose", "moves axes (a channel shuffle's is traced by ChannelShuffleRule from the Reshape before it)"),
            Map.entry("Softmax", "mixes channels"),
            Map.entry("LogSoftmax", "mixes channels"),
            Map.entry("LRN", "mixes channels"),
            Map.entry("Resize", "output size not inferred"),
            Map.entry("Upsample", "output size not inferred"),
            Map.entry("Expand", "broadcasts to a computed shape"),
            Map.entry("QuantizeLinear", "int8 models are refused: prune the float model"),
            Map.entry("DequantizeLinear", "int8 models are refused: prune the float model"));

    /** What the pruner does with an op type: its rule, a deliberate barrier with the reason, or null when undecided. */
    public static String decision(String opType) {
        ChannelRule r = TABLE.get(opType);
        if (r != null) {
            return r.getClass().getSimpleName();
        }
        String why = BARRIERS.get(opType);
        if (why != null) {
            return "barrier: " + why;
        }
        return Ops.isShapeArithmetic(opType) ? "shape arithmetic (no channels); barrier on data" : null;
    }

    /** The op types with a channel rule, sorted. */
    public static List<String> opTypes() {
        return List.copyOf(new TreeMap<>(TABLE).keySet());
    }
}
