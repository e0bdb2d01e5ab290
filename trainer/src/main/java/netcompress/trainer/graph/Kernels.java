package netcompress.trainer.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
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
import netcompress.onnx.tensor.Tensors;

import java.util.Arrays;

/**
 * Maps one ONNX node to DJL NDArray operations. Attributes and constant inputs are read once, when the
 * graph is compiled; the returned kernel only computes. Every operation is differentiable through
 * libtorch's autograd, so the same kernels serve training and inference.
 */
final class Kernels {
    /** One compiled node: inputs in the node's slot order (null for an omitted optional input). */
    interface Kernel {
        NDArray apply(NDArray[] in, boolean training);
    }

    private Kernels() {
    }

    static Kernel compile(NodeProto n, GraphIndex index) {
        String op = n.getOpType();
        return switch (op) {
            case "Conv" -> conv(n);
            case "BatchNormalization" -> {
                float eps = Attributes.getFloat(n, "epsilon", 1e-5f);
                float momentum = Attributes.getFloat(n, "momentum", 0.9f);
                // DJL's momentum has ONNX's meaning (weight kept on the old statistic): passed straight through
                yield (in, training) -> BatchNorm.batchNorm(in[0], in[3], in[4], in[1], in[2], 1, momentum, eps, training).singletonOrThrow();
            }
            case "Relu" -> (in, t) -> Activation.relu(in[0]);
            case "LeakyRelu" -> {
                float alpha = Attributes.getFloat(n, "alpha", 0.01f);
                yield (in, t) -> Activation.leakyRelu(in[0], alpha);
            }
            case "Sigmoid" -> (in, t) -> Activation.sigmoid(in[0]);
            case "Tanh" -> (in, t) -> Activation.tanh(in[0]);
            case "HardSigmoid" -> {
                float alpha = Attributes.getFloat(n, "alpha", 0.2f);
                float beta = Attributes.getFloat(n, "beta", 0.5f);
                yield (in, t) -> in[0].mul(alpha).add(beta).clip(0f, 1f);
            }
            case "HardSwish" -> (in, t) -> in[0].mul(in[0].add(3f).clip(0f, 6f)).div(6f);
            case "Clip" -> clip(n, index);
            case "MaxPool" -> {
                Window w = Window.of(n);
                boolean ceil = Attributes.getInt(n, "ceil_mode", 0) != 0;
                yield (in, t) -> Pool.maxPool2d(in[0], w.kernel, w.stride, w.pad, ceil);
            }
            case "AveragePool" -> {
                Window w = Window.of(n);
                boolean ceil = Attributes.getInt(n, "ceil_mode", 0) != 0;
                boolean includePad = Attributes.getInt(n, "count_include_pad", 0) != 0;
                yield (in, t) -> Pool.avgPool2d(in[0], w.kernel, w.stride, w.pad, ceil, includePad);
            }
            case "GlobalAveragePool" -> (in, t) -> {
                // DJL returns (N, C); ONNX keeps the spatial axes
                Shape s = in[0].getShape();
                return Pool.globalAvgPool2d(in[0]).reshape(s.get(0), s.get(1), 1, 1);
            };
            case "GlobalMaxPool" -> (in, t) -> {
                Shape s = in[0].getShape();
                return Pool.globalMaxPool2d(in[0]).reshape(s.get(0), s.get(1), 1, 1);
            };
            case "Flatten" -> {
                int axis = (int) Attributes.getInt(n, "axis", 1);
                yield (in, t) -> {
                    Shape s = in[0].getShape();
                    int a = axis < 0 ? axis + s.dimension() : axis;
                    long outer = 1;
                    for (int i = 0; i < a; i++) {
                        outer *= s.get(i);
                    }
                    return in[0].reshape(outer, -1);
                };
            }
            case "Gemm" -> gemm(n);
            case "MatMul" -> (in, t) -> in[0].matMul(in[1]);
            case "Add" -> (in, t) -> in[0].add(in[1]);
            case "Sub" -> (in, t) -> in[0].sub(in[1]);
            case "Mul" -> (in, t) -> in[0].mul(in[1]);
            case "Div" -> (in, t) -> in[0].div(in[1]);
            case "Concat" -> {
                int axis = (int) Attributes.getInt(n, "axis", 1);
                yield (in, t) -> NDArrays.concat(new NDList(in), axis);
            }
            case "Slice" -> slice(n, index);
            case "Identity" -> (in, t) -> in[0];
            case "Dropout" -> dropout(n, index);
            case "Reshape" -> reshape(n, index);
            case "Softmax" -> {
                int axis = (int) Attributes.getInt(n, "axis", -1);
                yield (in, t) -> in[0].softmax(axis);
            }
            default -> throw new BadInputException("node " + GraphIndex.describe(n) + ": operator " + op
                    + " is not supported by the trainer (supported: Conv, BatchNormalization, Relu, LeakyRelu, Sigmoid, Tanh, "
                    + "HardSigmoid, HardSwish, Clip, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, Flatten, Gemm, "
                    + "MatMul, Add, Sub, Mul, Div, Concat, Slice, Identity, Dropout, Reshape, Softmax, Constant)");
        };
    }

    private record Window(Shape kernel, Shape stride, Shape pad) {
        static Window of(NodeProto n) {
            long[] k = Attributes.getInts(n, "kernel_shape");
            if (k == null || k.length != 2) {
                throw new BadInputException("node " + GraphIndex.describe(n) + ": only 2-D kernels are supported");
            }
            long[] s = or(Attributes.getInts(n, "strides"), 1, 1);
            long[] d = Attributes.getInts(n, "dilations");
            if (d != null && Arrays.stream(d).anyMatch(v -> v != 1)) {
                throw new BadInputException("node " + GraphIndex.describe(n) + ": dilated pooling is not supported");
            }
            return new Window(new Shape(k), new Shape(s), symmetricPads(n));
        }
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
        return (in, t) -> Conv2d.conv2d(in[0], in[1], in.length > 2 ? in[2] : null, stride, pad, dilation, group).singletonOrThrow();
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

    private static Kernel gemm(NodeProto n) {
        float alpha = Attributes.getFloat(n, "alpha", 1f);
        float beta = Attributes.getFloat(n, "beta", 1f);
        boolean transA = Attributes.getInt(n, "transA", 0) != 0;
        boolean transB = Attributes.getInt(n, "transB", 0) != 0;
        if (alpha == 1f && beta == 1f && !transA && transB) {
            // PyTorch's Linear: one fused call
            return (in, t) -> (in.length > 2 && in[2] != null ? Linear.linear(in[0], in[1], in[2]) : Linear.linear(in[0], in[1])).singletonOrThrow();
        }
        return (in, t) -> {
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
        };
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
            return (in, t) -> Activation.relu(in[0]);
        }
        float lo = min;
        float hi = max;
        return (in, t) -> in[0].clip(lo, hi);
    }

    private static Kernel dropout(NodeProto n, GraphIndex index) {
        float ratio = Attributes.getFloat(n, "ratio", 0.5f);
        if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            ratio = constantScalar(n, index, 1);
        }
        float r = ratio;
        return (in, training) -> training && r > 0 ? in[0].getNDArrayInternal().dropout(in[0], r, true).singletonOrThrow() : in[0];
    }

    private static Kernel reshape(NodeProto n, GraphIndex index) {
        long[] target = constantLongs(n, index, 1);
        boolean allowZero = Attributes.getInt(n, "allowzero", 0) != 0;
        return (in, t) -> {
            long[] dims = target.clone();
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == 0 && !allowZero) {
                    dims[i] = in[0].getShape().get(i);
                }
            }
            return in[0].reshape(dims);
        };
    }

    private static Kernel slice(NodeProto n, GraphIndex index) {
        long[] starts = constantLongs(n, index, 1);
        long[] ends = constantLongs(n, index, 2);
        long[] axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? constantLongs(n, index, 3) : null;
        long[] steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? constantLongs(n, index, 4) : null;
        if (steps != null && Arrays.stream(steps).anyMatch(s -> s <= 0)) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": Slice with non-positive steps is not supported");
        }
        return (in, t) -> {
            Shape s = in[0].getShape();
            int rank = s.dimension();
            String[] dims = new String[rank];
            Arrays.fill(dims, ":");
            for (int i = 0; i < starts.length; i++) {
                int axis = (int) (axes == null ? i : axes[i]);
                if (axis < 0) {
                    axis += rank;
                }
                long size = s.get(axis);
                long b = clamp(starts[i] < 0 ? starts[i] + size : starts[i], size);
                long e = clamp(ends[i] < 0 ? ends[i] + size : ends[i], size);
                long step = steps == null ? 1 : steps[i];
                dims[axis] = b + ":" + Math.max(b, e) + (step == 1 ? "" : ":" + step);
            }
            return in[0].get(new NDIndex(String.join(",", dims)));
        };
    }

    private static long clamp(long v, long size) {
        return Math.max(0, Math.min(v, size));
    }

    private static float constantScalar(NodeProto n, GraphIndex index, int slot) {
        TensorProto t = index.constantValue(n.getInput(slot));
        if (t == null) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": input " + slot + " must be a constant");
        }
        return Tensors.scalar(t);
    }

    private static long[] constantLongs(NodeProto n, GraphIndex index, int slot) {
        TensorProto t = n.getInputCount() > slot ? index.constantValue(n.getInput(slot)) : null;
        if (t == null) {
            throw new BadInputException("node " + GraphIndex.describe(n) + ": input " + slot
                    + " must be a constant (shapes computed at run time are not supported)");
        }
        return Tensors.longs(t);
    }

    private static long[] or(long[] v, long... dflt) {
        return v == null ? dflt : v;
    }
}
