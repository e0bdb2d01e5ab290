package netcompress.trainer.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.ops.kinds.AxesOp;
import netcompress.onnx.ops.kinds.CastOp;
import netcompress.onnx.ops.kinds.ConstantOp;
import netcompress.onnx.ops.kinds.ExpandOp;
import netcompress.onnx.ops.kinds.PadOp;
import netcompress.onnx.ops.kinds.ReduceOp;
import netcompress.onnx.ops.kinds.ReshapeOp;
import netcompress.onnx.ops.kinds.SliceOp;
import netcompress.onnx.ops.kinds.SplitOp;
import netcompress.onnx.ops.kinds.TileOp;
import netcompress.onnx.ops.kinds.TransposeOp;
import netcompress.onnx.tensor.Tensors;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The trainer's one table of DJL kernels, one entry per ONNX op type, keyed by the op registry
 * ({@link Ops}): an op type that is not in the registry cannot be added here, and the supported
 * list users see is this table's keys.
 */
final class Kernels {
    @FunctionalInterface
    private interface Compiler {
        Kernel compile(NodeProto n, GraphIndex index);
    }

    private static final Map<String, Compiler> TABLE = table();

    private Kernels() {
    }

    /** The op types the trainer runs, sorted. */
    static List<String> supported() {
        return List.copyOf(TABLE.keySet());
    }

    static Kernel compile(NodeProto n, GraphIndex index) {
        Compiler c = Ops.isStandard(n) ? TABLE.get(n.getOpType()) : null;
        if (c == null) {
            String why = Ops.unknownReason(n);
            throw new BadInputException("node " + GraphIndex.describe(n) + ": operator " + (Ops.isStandard(n) ? "" : n.getDomain() + ":")
                    + n.getOpType() + " is not supported by the trainer" + (why != null ? " (" + why + ")" : "")
                    + "; supported: " + String.join(", ", supported()));
        }
        return c.compile(n, index);
    }

    private static Map<String, Compiler> table() {
        Map<String, Compiler> t = new TreeMap<>();
        t.put("Conv", (n, i) -> conv(n));
        t.put("BatchNormalization", (n, i) -> batchNorm(n));
        unary(t, "Relu", Activation::relu);
        t.put("LeakyRelu", (n, i) -> {
            float alpha = Attributes.getFloat(n, "alpha", 0.01f);
            return Kernel.pure(in -> Activation.leakyRelu(in[0], alpha));
        });
        t.put("Elu", (n, i) -> {
            float alpha = Attributes.getFloat(n, "alpha", 1f);
            return Kernel.pure(in -> Activation.elu(in[0], alpha));
        });
        unary(t, "Sigmoid", Activation::sigmoid);
        unary(t, "Tanh", Activation::tanh);
        unary(t, "Softplus", Activation::softPlus);
        t.put("HardSigmoid", (n, i) -> {
            float alpha = Attributes.getFloat(n, "alpha", 0.2f);
            float beta = Attributes.getFloat(n, "beta", 0.5f);
            return Kernel.pure(in -> in[0].mul(alpha).add(beta).clip(0f, 1f));
        });
        unary(t, "HardSwish", x -> x.mul(x.add(3f).clip(0f, 6f)).div(6f));
        unary(t, "Neg", NDArray::neg);
        unary(t, "Abs", NDArray::abs);
        unary(t, "Sqrt", NDArray::sqrt);
        unary(t, "Exp", NDArray::exp);
        unary(t, "Floor", NDArray::floor);
        unary(t, "Ceil", NDArray::ceil);
        unary(t, "Reciprocal", x -> x.getManager().create(1f).div(x));
        unary(t, "Identity", x -> x);
        t.put("Clip", Kernels::clip);
        t.put("Dropout", Kernels::dropout);
        t.put("Softmax", (n, i) -> softmax(n, false));
        t.put("LogSoftmax", (n, i) -> softmax(n, true));
        t.put("MaxPool", (n, i) -> pool(n, true));
        t.put("AveragePool", (n, i) -> pool(n, false));
        t.put("GlobalAveragePool", (n, i) -> Kernel.pure(in -> keepSpatial(in[0], Pool.globalAvgPool2d(in[0]))));
        t.put("GlobalMaxPool", (n, i) -> Kernel.pure(in -> keepSpatial(in[0], Pool.globalMaxPool2d(in[0]))));
        t.put("Flatten", (n, i) -> flatten(n));
        t.put("Gemm", (n, i) -> gemm(n));
        t.put("MatMul", (n, i) -> Kernel.pure(in -> in[0].matMul(in[1])));
        binary(t, "Add", NDArray::add);
        binary(t, "Sub", NDArray::sub);
        binary(t, "Mul", NDArray::mul);
        binary(t, "Div", NDArray::div);
        binary(t, "Pow", NDArray::pow);
        binary(t, "Max", NDArrays::maximum);
        binary(t, "Min", NDArrays::minimum);
        binary(t, "Sum", NDArray::add);
        t.put("PRelu", (n, i) -> Kernel.pure(in -> Activation.relu(in[0]).add(Activation.relu(in[0].neg()).neg().mul(in[1]))));
        t.put("Concat", (n, i) -> {
            int axis = (int) Attributes.getInt(n, "axis", 1);
            return Kernel.pure(in -> NDArrays.concat(new NDList(in), axis < 0 ? axis + in[0].getShape().dimension() : axis));
        });
        t.put("Slice", (n, i) -> Kernel.of((in, tr, at) -> slice(in[0], SliceOp.Params.of(at))));
        t.put("Split", (n, i) -> split(n));
        t.put("Reshape", (n, i) -> Kernel.of((in, tr, at) -> in[0].reshape(reshapeTarget(at, in[0]))));
        t.put("Transpose", (n, i) -> Kernel.of((in, tr, at) -> in[0].transpose(TransposeOp.perm(at, in[0].getShape().dimension()))));
        t.put("Unsqueeze", (n, i) -> Kernel.of((in, tr, at) -> in[0].reshape(AxesOp.unsqueeze().output(at, in[0].getShape().getShape()))));
        t.put("Squeeze", (n, i) -> Kernel.of((in, tr, at) -> in[0].reshape(AxesOp.squeeze().output(at, in[0].getShape().getShape()))));
        t.put("Expand", (n, i) -> Kernel.of((in, tr, at) -> expand(in[0], ExpandOp.target(at))));
        t.put("Tile", (n, i) -> Kernel.of((in, tr, at) -> in[0].tile(TileOp.repeats(at, in[0].getShape().dimension()))));
        for (String op : List.of("ReduceMean", "ReduceMax", "ReduceSum")) {
            t.put(op, (n, i) -> reduce(n));
        }
        t.put("Pad", Kernels::pad);
        t.put("Cast", (n, i) -> Kernel.of((in, tr, at) -> in[0].toType(djlType(CastOp.target(at), n), false)));
        t.put("Shape", (n, i) -> Kernel.pure(in -> in[0].getManager().create(in[0].getShape().getShape())));
        t.put("Gather", (n, i) -> gather(n));
        t.put("ConstantOfShape", Kernels::constantOfShape);
        for (String op : t.keySet()) {
            if (Ops.ofType(op) == null) {
                throw new IllegalStateException("trainer kernel for " + op + ", which the op registry does not know");
            }
        }
        return Collections.unmodifiableMap(t); // sorted, so messages list the supported ops in order
    }

    private static void unary(Map<String, Compiler> t, String op, UnaryOperator<NDArray> f) {
        t.put(op, (n, i) -> Kernel.pure(in -> f.apply(in[0])));
    }

    /** Elementwise over every input (the variadic Max, Min, Sum fold left). */
    private static void binary(Map<String, Compiler> t, String op, BinaryOperator<NDArray> f) {
        t.put(op, (n, i) -> Kernel.pure(in -> {
            NDArray y = in[0];
            for (int k = 1; k < in.length; k++) {
                y = f.apply(y, in[k]);
            }
            return y;
        }));
    }

    private static Kernel batchNorm(NodeProto n) {
        float eps = Attributes.getFloat(n, "epsilon", 1e-5f);
        float momentum = Attributes.getFloat(n, "momentum", 0.9f);
        // DJL's momentum has ONNX's meaning (weight kept on the old statistic): passed straight through
        return Kernel.of((in, training, at) -> BatchNorm.batchNorm(in[0], in[3], in[4], in[1], in[2], 1, momentum, eps, training)
                .singletonOrThrow());
    }

    private static Kernel conv(NodeProto n) {
        long[] k = Attributes.getInts(n, "kernel_shape");
        if (k != null && k.length != 2) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": only 2-D convolutions are supported");
        }
        Shape stride = new Shape(or(Attributes.getInts(n, "strides"), 1, 1));
        Shape dilation = new Shape(or(Attributes.getInts(n, "dilations"), 1, 1));
        Shape pad = symmetricPads(n);
        int group = (int) Attributes.getInt(n, "group", 1);
        return Kernel.pure(in -> Conv2d.conv2d(in[0], in[1], in.length > 2 ? in[2] : null, stride, pad, dilation, group).singletonOrThrow());
    }

    private static Kernel pool(NodeProto n, boolean max) {
        long[] k = Attributes.getInts(n, "kernel_shape");
        if (k == null || k.length != 2) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": only 2-D kernels are supported");
        }
        long[] d = Attributes.getInts(n, "dilations");
        if (d != null && Arrays.stream(d).anyMatch(v -> v != 1)) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": dilated pooling is not supported");
        }
        Shape kernel = new Shape(k);
        Shape stride = new Shape(or(Attributes.getInts(n, "strides"), 1, 1));
        Shape pad = symmetricPads(n);
        boolean ceil = Attributes.getInt(n, "ceil_mode", 0) != 0;
        if (max) {
            return Kernel.pure(in -> Pool.maxPool2d(in[0], kernel, stride, pad, ceil));
        }
        boolean includePad = Attributes.getInt(n, "count_include_pad", 0) != 0;
        return Kernel.pure(in -> AveragePool.of(in[0], kernel, stride, pad, ceil, includePad));
    }

    /** DJL's global pools return (N, C); ONNX keeps the spatial axes. */
    private static NDArray keepSpatial(NDArray x, NDArray pooled) {
        Shape s = x.getShape();
        return pooled.reshape(s.get(0), s.get(1), 1, 1);
    }

    private static Shape symmetricPads(NodeProto n) {
        String autoPad = Attributes.getString(n, "auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": auto_pad " + autoPad + " is not supported; export with explicit pads");
        }
        long[] p = or(Attributes.getInts(n, "pads"), 0, 0, 0, 0);
        if (p.length != 4 || p[0] != p[2] || p[1] != p[3]) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": asymmetric pads " + Arrays.toString(p) + " are not supported");
        }
        return new Shape(p[0], p[1]);
    }

    private static Kernel flatten(NodeProto n) {
        int axis = (int) Attributes.getInt(n, "axis", 1);
        return Kernel.pure(in -> {
            Shape s = in[0].getShape();
            int a = axis < 0 ? axis + s.dimension() : axis;
            long outer = 1;
            for (int i = 0; i < a; i++) {
                outer *= s.get(i);
            }
            return in[0].reshape(outer, -1);
        });
    }

    private static Kernel gemm(NodeProto n) {
        float alpha = Attributes.getFloat(n, "alpha", 1f);
        float beta = Attributes.getFloat(n, "beta", 1f);
        boolean transA = Attributes.getInt(n, "transA", 0) != 0;
        boolean transB = Attributes.getInt(n, "transB", 0) != 0;
        if (alpha == 1f && beta == 1f && !transA && transB) {
            // PyTorch's Linear: one fused call
            return Kernel.pure(in -> (in.length > 2 && in[2] != null ? Linear.linear(in[0], in[1], in[2]) : Linear.linear(in[0], in[1]))
                    .singletonOrThrow());
        }
        return Kernel.pure(in -> {
            NDArray a = transA ? in[0].transpose() : in[0];
            NDArray b = transB ? in[1].transpose() : in[1];
            NDArray y = a.matMul(b);
            if (alpha != 1f) {
                y = y.mul(alpha);
            }
            if (in.length > 2 && in[2] != null) {
                y = y.add(beta == 1f ? in[2] : in[2].mul(beta));
            }
            return y;
        });
    }

    private static Kernel clip(NodeProto n, GraphIndex index) {
        float min = Attributes.getFloat(n, "min", Float.NEGATIVE_INFINITY);
        float max = Attributes.getFloat(n, "max", Float.POSITIVE_INFINITY);
        if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            min = constantScalar(n, index, 1);
        }
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            max = constantScalar(n, index, 2);
        }
        if (min == 0f && max == Float.POSITIVE_INFINITY) {
            return Kernel.pure(in -> Activation.relu(in[0]));
        }
        float lo = min;
        float hi = max;
        return Kernel.pure(in -> in[0].clip(lo, hi));
    }

    private static Kernel dropout(NodeProto n, GraphIndex index) {
        float ratio = Attributes.getFloat(n, "ratio", 0.5f);
        if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            ratio = constantScalar(n, index, 1);
        }
        float r = ratio;
        return Kernel.of((in, training, at) -> training && r > 0 ? in[0].getNDArrayInternal().dropout(in[0], r, true).singletonOrThrow() : in[0]);
    }

    private static Kernel softmax(NodeProto n, boolean log) {
        int axis = (int) Attributes.getInt(n, "axis", -1);
        return Kernel.pure(in -> log ? in[0].logSoftmax(axis) : in[0].softmax(axis));
    }

    private static long[] reshapeTarget(NodeContext at, NDArray x) {
        IntValue target = at.value(1);
        if (target == null) {
            throw new BadInputException("node " + at.describe() + ": its target shape is computed from data at run time");
        }
        long[] dims = ReshapeOp.resolve(at, x.getShape().getShape(), target.values());
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new BadInputException("node " + at.describe() + ": target " + target + " leaves dim " + i + " unknown");
            }
        }
        return dims;
    }

    private static NDArray slice(NDArray x, SliceOp.Params p) {
        Shape s = x.getShape();
        int rank = s.dimension();
        NDIndex index = new NDIndex();
        long[][] ranges = new long[rank][];
        for (int i = 0; i < p.starts().length; i++) {
            int axis = (int) (p.axes()[i] < 0 ? p.axes()[i] + rank : p.axes()[i]);
            if (p.steps()[i] <= 0) {
                throw new BadInputException("Slice with non-positive steps is not supported by the trainer");
            }
            long[] r = SliceOp.range(s.get(axis), p.starts()[i], p.ends()[i], p.steps()[i]);
            ranges[axis] = new long[] {r[0], Math.max(r[0], r[1]), p.steps()[i]};
        }
        for (long[] r : ranges) {
            if (r == null) {
                index.addAllDim();
            } else {
                index.addSliceDim(r[0], r[1], r[2]);
            }
        }
        return x.get(index);
    }

    private static Kernel split(NodeProto n) {
        long a = Attributes.getInt(n, "axis", 0);
        return (in, training, at) -> {
            int rank = in[0].getShape().dimension();
            int axis = (int) (a < 0 ? a + rank : a);
            long[] sizes = SplitOp.sizes(at, in[0].getShape().get(axis));
            NDArray[] out = new NDArray[sizes.length];
            long from = 0;
            for (int k = 0; k < sizes.length; k++) {
                out[k] = in[0].get(NDIndex.sliceAxis(axis, from, from + sizes[k]));
                from += sizes[k];
            }
            return out;
        };
    }

    private static NDArray expand(NDArray x, long[] target) {
        long[] xs = x.getShape().getShape();
        int rank = Math.max(xs.length, target.length);
        long[] o = new long[rank];
        for (int i = 0; i < rank; i++) {
            long dx = i < rank - xs.length ? 1 : xs[i - (rank - xs.length)];
            long dt = i < rank - target.length ? 1 : target[i - (rank - target.length)];
            o[i] = dt == 1 || dt < 0 ? dx : dt;
        }
        return x.broadcast(o);
    }

    private static Kernel reduce(NodeProto n) {
        ReduceOp.Reduction op = ReduceOp.reduction(n);
        return Kernel.of((in, training, at) -> {
            int rank = in[0].getShape().dimension();
            boolean[] r = ReduceOp.reduced(at, rank);
            int[] axes = IntStream.range(0, rank).filter(i -> r[i]).toArray();
            boolean keep = ReduceOp.keepDims(at);
            if (axes.length == 0) {
                return in[0];
            }
            NDArray x = in[0];
            // libtorch's mean over several axes is unsupported through DJL: reduce one axis at a time, last first
            for (int k = axes.length - 1; k >= 0; k--) {
                int[] one = {axes[k]};
                x = switch (op) {
                    case MEAN -> x.mean(one, keep);
                    case MAX -> x.max(one, keep);
                    case SUM -> x.sum(one, keep);
                };
            }
            return x;
        });
    }

    private static Kernel pad(NodeProto n, GraphIndex index) {
        float value = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? constantScalar(n, index, 2) : 0f;
        return Kernel.of((in, training, at) -> {
            if (!PadOp.mode(at).equals("constant")) {
                throw new BadInputException("node " + at.describe() + ": Pad mode " + PadOp.mode(at) + " is not supported by the trainer");
            }
            int rank = in[0].getShape().dimension();
            long[][] p = PadOp.pads(at, rank);
            int last = -1;
            for (int a = 0; a < rank; a++) {
                if (p[a][0] != 0 || p[a][1] != 0) {
                    last = a;
                }
            }
            if (last < 0) {
                return in[0];
            }
            // DJL pads as torch.nn.functional.pad does: (begin, end) pairs from the last axis backwards
            long[] torchPads = new long[2 * (rank - last)];
            for (int a = rank - 1, k = 0; a >= last; a--) {
                torchPads[k++] = p[a][0];
                torchPads[k++] = p[a][1];
            }
            return in[0].pad(new Shape(torchPads), value);
        });
    }

    private static DataType djlType(int onnxType, NodeProto n) {
        return switch (onnxType) {
            case TensorProto.DataType.FLOAT_VALUE -> DataType.FLOAT32;
            case TensorProto.DataType.DOUBLE_VALUE -> DataType.FLOAT64;
            case TensorProto.DataType.FLOAT16_VALUE -> DataType.FLOAT16;
            case TensorProto.DataType.INT64_VALUE -> DataType.INT64;
            case TensorProto.DataType.INT32_VALUE -> DataType.INT32;
            case TensorProto.DataType.INT8_VALUE -> DataType.INT8;
            case TensorProto.DataType.UINT8_VALUE -> DataType.UINT8;
            case TensorProto.DataType.BOOL_VALUE -> DataType.BOOLEAN;
            default -> throw new BadInputException("node " + GraphIndex.describe(n) + ": Cast to " + Tensors.typeName(onnxType)
                    + " is not supported by the trainer");
        };
    }

    private static Kernel gather(NodeProto n) {
        long a = Attributes.getInt(n, "axis", 0);
        return Kernel.of((in, training, at) -> {
            int rank = in[0].getShape().dimension();
            int axis = (int) (a < 0 ? a + rank : a);
            IntValue known = at.value(1);
            NDIndex index = new NDIndex();
            for (int i = 0; i < axis; i++) {
                index.addAllDim();
            }
            if (known != null && known.fullyKnown() && at.known(1) != null && at.known(1).length == 0) {
                long k = known.get(0);
                return in[0].get(index.addIndices(k < 0 ? k + in[0].getShape().get(axis) : k));
            }
            NDArray idx = in[1].toType(DataType.INT64, false);
            return in[0].get(index.addIndices("{}", idx));
        });
    }

    private static Kernel constantOfShape(NodeProto n, GraphIndex index) {
        TensorProto fill = ConstantOp.fill(n);
        // integers run as int64, as the block holds integer constants; other types keep their own
        DataType type = Tensors.isInteger(fill) ? DataType.INT64 : djlType(fill.getDataType(), n);
        float value = Tensors.scalar(fill);
        return Kernel.of((in, training, at) -> in[0].getManager().full(new Shape(at.ints(0)), value).toType(type, false));
    }

    /**
     * A constant input's one value, of any numeric type, also when Casts stand between it and the node: PyTorch
     * writes {@code clamp(y, 0.0, 6.0)}'s bounds as DOUBLE constants cast to the tensor's type.
     */
    private static float constantScalar(NodeProto n, GraphIndex index, int slot) {
        Double v = CastOp.constantScalar(index, n.getInput(slot));
        if (v == null) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": input " + slot + " must be a constant");
        }
        return v.floatValue();
    }

    private static long[] or(long[] v, long... dflt) {
        return v == null ? dflt : v;
    }
}
