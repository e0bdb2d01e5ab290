package netcompress.onnx.ops;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import netcompress.onnx.ops.kinds.AxesOp;
import netcompress.onnx.ops.kinds.BroadcastOp;
import netcompress.onnx.ops.kinds.CastOp;
import netcompress.onnx.ops.kinds.ConcatOp;
import netcompress.onnx.ops.kinds.ConstantOp;
import netcompress.onnx.ops.kinds.ConvOp;
import netcompress.onnx.ops.kinds.ExpandOp;
import netcompress.onnx.ops.kinds.FlattenOp;
import netcompress.onnx.ops.kinds.GatherOp;
import netcompress.onnx.ops.kinds.GemmOp;
import netcompress.onnx.ops.kinds.NormalizationOp;
import netcompress.onnx.ops.kinds.PadOp;
import netcompress.onnx.ops.kinds.PoolOp;
import netcompress.onnx.ops.kinds.ReduceOp;
import netcompress.onnx.ops.kinds.ReshapeOp;
import netcompress.onnx.ops.kinds.ResizeOp;
import netcompress.onnx.ops.kinds.ShapeOp;
import netcompress.onnx.ops.kinds.SliceOp;
import netcompress.onnx.ops.kinds.SplitOp;
import netcompress.onnx.ops.kinds.TileOp;
import netcompress.onnx.ops.kinds.TransposeOp;
import netcompress.onnx.ops.kinds.UnaryOp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of op kinds: the one place that says which ONNX ops the project understands. Every
 * layer (shapes, count, checker, BN folding, quantization, pruner rules, trainer kernels) finds an
 * op's kind here; {@link #of(NodeProto)} does the domain check for all of them and
 * {@link #opset(ModelProto)} reads the opset for all of them.
 */
public final class Ops {
    /** The newest default-domain opset ONNX Runtime 1.23 implements; a newer model cannot run. */
    public static final int NEWEST_RUNTIME_OPSET = 23;

    private static final Map<String, OpKind> BY_TYPE = table();

    private Ops() {
    }

    private static Map<String, OpKind> table() {
        List<OpKind> kinds = List.of(
                new ConvOp(), NormalizationOp.batchNorm(), NormalizationOp.instanceNorm(),
                GemmOp.gemm(), GemmOp.matMul(), PoolOp.windowed(), PoolOp.global(),
                UnaryOp.of("Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Elu", "Selu", "Softplus",
                        "Neg", "Abs", "Sqrt", "Exp", "Erf", "Floor", "Ceil", "Reciprocal", "Clip", "Softmax", "LogSoftmax", "LRN",
                        "Identity", "Dropout", "QuantizeLinear"),
                UnaryOp.dequantize(),
                BroadcastOp.of("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "PRelu"),
                new FlattenOp(), new ReshapeOp(), new TransposeOp(), new ConcatOp(), new SliceOp(), new SplitOp(),
                new ReduceOp(), new PadOp(), new CastOp(), new ShapeOp(), new GatherOp(), AxesOp.unsqueeze(), AxesOp.squeeze(),
                new ExpandOp(), new TileOp(), ConstantOp.constant(), ConstantOp.ofShape(), new ResizeOp());
        Map<String, OpKind> t = new LinkedHashMap<>();
        for (OpKind k : kinds) {
            for (String op : k.opTypes()) {
                if (t.put(op, k) != null) {
                    throw new IllegalStateException(op + " has two kinds");
                }
            }
        }
        return Collections.unmodifiableMap(t);
    }

    /** Whether the node belongs to ONNX's default domain (a custom op may share a standard op's name, not its meaning). */
    public static boolean isStandard(NodeProto n) {
        return isStandardDomain(n.getDomain());
    }

    public static boolean isStandardDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    /** A standard-domain node of type {@code opType}. */
    public static boolean is(NodeProto n, String opType) {
        return isStandard(n) && n.getOpType().equals(opType);
    }

    /** A Constant node: its value is in its attribute. */
    public static boolean isConstant(NodeProto n) {
        return is(n, "Constant");
    }

    /** An Identity node: its output is its input. */
    public static boolean isIdentity(NodeProto n) {
        return is(n, "Identity");
    }

    /** Dropout: an identity in inference, whose optional second output is a mask. */
    public static boolean isDropout(NodeProto n) {
        return is(n, "Dropout");
    }

    /** DequantizeLinear: an int8 initializer read through it is a weight stored quantized. */
    public static boolean isDequantize(NodeProto n) {
        return is(n, "DequantizeLinear");
    }

    /** Relu: what an int8 convolution can fuse (QLinearConv's output range starts at 0). */
    public static boolean isRelu(NodeProto n) {
        return isStandard(n) && isReluType(n.getOpType());
    }

    public static boolean isReluType(String opType) {
        return opType.equals("Relu");
    }

    /** MatMul: either input may be the weight. */
    public static boolean isMatMul(NodeProto n) {
        return is(n, "MatMul");
    }

    /** The node's kind, or null for a custom-domain op or one the registry does not know. */
    public static OpKind of(NodeProto n) {
        return isStandard(n) ? BY_TYPE.get(n.getOpType()) : null;
    }

    /** The kind of a standard-domain op type, or null. */
    public static OpKind ofType(String opType) {
        return BY_TYPE.get(opType);
    }

    /**
     * Whether the op type's kind evaluates its output before run time when its inputs are known ({@link OpKind#value}
     * overridden): the shape arithmetic (Shape, Gather, Unsqueeze, Concat, Cast, ...) a pruner may trace through.
     */
    public static boolean isShapeArithmetic(String opType) {
        OpKind k = BY_TYPE.get(opType);
        if (k == null) {
            return false;
        }
        try {
            return k.getClass().getMethod("value", NodeContext.class).getDeclaringClass() != OpKind.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every op type the registry knows, in registry order. */
    public static List<String> opTypes() {
        return new ArrayList<>(BY_TYPE.keySet());
    }

    /** The role of input {@code slot} of {@code n}; an unknown or custom op's inputs are DATA. */
    public static SlotRole role(NodeProto n, int slot) {
        OpKind k = of(n);
        return k == null ? SlotRole.DATA : k.role(n, slot);
    }

    /** The default-domain opset the model imports (0 when it imports none). */
    public static int opset(ModelProto model) {
        int v = 0;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (isStandardDomain(o.getDomain())) {
                v = Math.max(v, (int) o.getVersion());
            }
        }
        return v;
    }

    /**
     * Why no layer can run this node, or null when the registry knows it: a custom domain (nothing
     * here implements it) or an op type outside the registry.
     */
    public static String unknownReason(NodeProto n) {
        if (!isStandard(n)) {
            return "custom-domain op " + n.getDomain() + ":" + n.getOpType() + " has no implementation here";
        }
        return BY_TYPE.containsKey(n.getOpType()) ? null : "op " + n.getOpType() + " is not in the registry";
    }
}
