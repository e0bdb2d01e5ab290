package netcompress.onnx.shape;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.tensor.Tensors;

import java.util.Arrays;

import static netcompress.onnx.shape.ShapeInference.UNKNOWN;

/**
 * One rule per op: the output shapes from the input shapes and attributes. What a rule cannot tell
 * (an op outside the set, a run-time value, an unsupported rank) is a {@link ShapeNotInferable};
 * a graph that contradicts itself (a weight that does not fit its input) is a plain bad input.
 */
final class OpShapes {
    interface Inputs {
        long[] get(NodeProto n, int slot);
    }

    private OpShapes() {
    }

    /** One shape per output of {@code n}; null for an omitted (empty) output. */
    static long[][] outputs(NodeProto n, Inputs in, GraphIndex index) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            // a custom op may share a standard op's name, not its meaning
            throw new ShapeNotInferable("unsupported op " + n.getDomain() + ":" + n.getOpType() + " at node " + GraphIndex.describe(n));
        }
        if (n.getOpType().equals("Split")) {
            return split(n, in.get(n, 0), index);
        }
        long[] out = output(n, in, index);
        long[][] all = new long[n.getOutputCount()][];
        if (all.length > 0) {
            all[0] = out;
        }
        // extra outputs (BatchNormalization training stats, Dropout mask) are never read by inference graphs
        for (int i = 1; i < all.length; i++) {
            if (!n.getOutput(i).isEmpty()) {
                all[i] = n.getOpType().equals("Dropout") ? out : new long[] {in.get(n, 0)[1]};
            }
        }
        return all;
    }

    /**
     * What the constants alone tell when a data input's shape is unknown (lenient inference): a
     * Conv's output has its weight's rank and output channels, batch and spatial sizes unknown.
     * Every other op's outputs stay unknown (null entries).
     */
    static long[][] fromConstants(NodeProto n, Inputs known) {
        long[][] all = new long[n.getOutputCount()][];
        boolean standard = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
        if (standard && n.getOpType().equals("Conv") && all.length > 0 && known.get(n, 0) == null) {
            long[] w = known.get(n, 1);
            if (w != null && w.length == 4) {
                long[] x = new long[4];
                Arrays.fill(x, UNKNOWN);
                all[0] = conv(n, x, w);
            }
        }
        return all;
    }

    private static long[] output(NodeProto n, Inputs in, GraphIndex index) {
        return switch (n.getOpType()) {
            case "Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Clip", "Identity", "Dropout",
                    "Softmax", "Tanh", "Elu", "Selu", "PRelu", "Neg", "Abs", "Sqrt", "Exp", "Erf", "BatchNormalization",
                    "LRN", "InstanceNormalization", "QuantizeLinear", "DequantizeLinear" -> ShapeInference.copy(in.get(n, 0));
            case "Add", "Sub", "Mul", "Div", "Pow" -> broadcast(n, in.get(n, 0), in.get(n, 1));
            case "Max", "Min", "Sum" -> variadic(n, in);
            case "Conv" -> conv(n, in.get(n, 0), in.get(n, 1));
            case "MaxPool", "AveragePool" -> pool(n, in.get(n, 0));
            case "GlobalAveragePool", "GlobalMaxPool" -> globalPool(in.get(n, 0));
            case "Flatten" -> flatten(n, in.get(n, 0));
            case "Gemm" -> gemm(n, in.get(n, 0), in.get(n, 1));
            case "MatMul" -> matmul(n, in.get(n, 0), in.get(n, 1));
            case "Concat" -> concat(n, in);
            case "Slice" -> slice(n, in.get(n, 0), index);
            case "Reshape" -> reshape(n, in.get(n, 0), index);
            case "Constant" -> constant(n, index);
            case "Transpose" -> transpose(n, in.get(n, 0));
            case "ReduceMean" -> reduceMean(n, in.get(n, 0), index);
            default -> throw new ShapeNotInferable("unsupported op " + n.getOpType() + " at node " + GraphIndex.describe(n));
        };
    }

    private static long[] conv(NodeProto n, long[] x, long[] w) {
        if (x.length != 4 || w.length != 4) {
            throw new ShapeNotInferable("Conv " + GraphIndex.describe(n) + " needs 4-D input and weight, got "
                    + ShapeInference.format(x) + " and " + ShapeInference.format(w));
        }
        long group = Attributes.getInt(n, "group", 1);
        if (group <= 0 || x[1] != UNKNOWN && x[1] != w[1] * group || w[0] % group != 0) {
            throw new BadInputException("Conv " + GraphIndex.describe(n) + ": weight " + ShapeInference.format(w)
                    + " with group " + group + " does not fit input channels " + x[1]);
        }
        long[] kernel = {w[2], w[3]};
        long[] k = Attributes.getInts(n, "kernel_shape");
        if (k != null && (k.length != 2 || k[0] != w[2] || k[1] != w[3])) {
            throw new BadInputException("Conv " + GraphIndex.describe(n) + ": kernel_shape " + Arrays.toString(k) + " differs from weight " + ShapeInference.format(w));
        }
        long[] hw = spatial(n, x, kernel);
        return new long[] {x[0], w[0], hw[0], hw[1]};
    }

    private static long[] pool(NodeProto n, long[] x) {
        long[] k = Attributes.getInts(n, "kernel_shape");
        if (x.length != 4 || k == null || k.length != 2) {
            throw new ShapeNotInferable(n.getOpType() + " " + GraphIndex.describe(n) + " needs 4-D input and a 2-D kernel_shape");
        }
        long[] hw = spatial(n, x, k);
        return new long[] {x[0], x[1], hw[0], hw[1]};
    }

    /** Output H and W for Conv and pools: pads, strides, dilations, auto_pad, ceil_mode. */
    private static long[] spatial(NodeProto n, long[] x, long[] kernel) {
        long[] strides = orDefault(Attributes.getInts(n, "strides"), 1);
        long[] dil = orDefault(Attributes.getInts(n, "dilations"), 1);
        long[] pads = Attributes.getInts(n, "pads");
        if (pads == null) {
            pads = new long[4];
        }
        if (pads.length != 4 || strides.length != 2 || dil.length != 2) {
            throw new BadInputException(GraphIndex.describe(n) + ": pads/strides/dilations must be 2-D");
        }
        String autoPad = Attributes.getString(n, "auto_pad", "NOTSET");
        boolean ceil = Attributes.getInt(n, "ceil_mode", 0) != 0;
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            long size = x[2 + i];
            if (strides[i] <= 0 || dil[i] <= 0 || kernel[i] <= 0) {
                throw new BadInputException(GraphIndex.describe(n) + ": strides, dilations and kernel must be positive");
            }
            if (size == UNKNOWN) {
                out[i] = UNKNOWN;
                continue;
            }
            long effK = dil[i] * (kernel[i] - 1) + 1;
            switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> out[i] = (size + strides[i] - 1) / strides[i];
                case "VALID" -> out[i] = (size - effK) / strides[i] + 1;
                case "NOTSET" -> {
                    long span = size + pads[i] + pads[i + 2] - effK;
                    out[i] = (ceil ? Math.floorDiv(span + strides[i] - 1, strides[i]) : Math.floorDiv(span, strides[i])) + 1;
                }
                default -> throw new BadInputException(GraphIndex.describe(n) + ": unknown auto_pad " + autoPad);
            }
            if (out[i] <= 0) {
                throw new BadInputException(GraphIndex.describe(n) + ": input of size " + size + " is too small for kernel " + kernel[i]);
            }
        }
        return out;
    }

    private static long[] orDefault(long[] v, long dflt) {
        return v != null ? v : new long[] {dflt, dflt};
    }

    private static long[] globalPool(long[] x) {
        long[] o = ShapeInference.copy(x);
        for (int i = 2; i < o.length; i++) {
            o[i] = 1;
        }
        return o;
    }

    private static long[] flatten(NodeProto n, long[] x) {
        long axis = Attributes.getInt(n, "axis", 1);
        if (axis < 0) {
            axis += x.length;
        }
        return new long[] {product(x, 0, (int) axis), product(x, (int) axis, x.length)};
    }

    private static long product(long[] x, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (x[i] == UNKNOWN) {
                return UNKNOWN;
            }
            p = Math.multiplyExact(p, x[i]);
        }
        return p;
    }

    private static long[] gemm(NodeProto n, long[] a, long[] b) {
        if (a.length != 2 || b.length != 2) {
            throw new ShapeNotInferable("Gemm " + GraphIndex.describe(n) + " needs 2-D inputs, got " + ShapeInference.format(a) + " and " + ShapeInference.format(b));
        }
        boolean ta = Attributes.getInt(n, "transA", 0) != 0;
        boolean tb = Attributes.getInt(n, "transB", 0) != 0;
        long m = ta ? a[1] : a[0];
        long ka = ta ? a[0] : a[1];
        long kb = tb ? b[1] : b[0];
        long nn = tb ? b[0] : b[1];
        if (ka != UNKNOWN && kb != UNKNOWN && ka != kb) {
            throw new BadInputException("Gemm " + GraphIndex.describe(n) + ": " + ka + " input features but the weight expects " + kb);
        }
        return new long[] {m, nn};
    }

    private static long[] matmul(NodeProto n, long[] a, long[] b) {
        if (a.length < 2 || b.length != 2) {
            throw new ShapeNotInferable("MatMul " + GraphIndex.describe(n) + " supports [.., K] x [K, N] only");
        }
        if (a[a.length - 1] != UNKNOWN && a[a.length - 1] != b[0]) {
            throw new BadInputException("MatMul " + GraphIndex.describe(n) + ": " + a[a.length - 1] + " input features but the weight expects " + b[0]);
        }
        long[] o = ShapeInference.copy(a);
        o[o.length - 1] = b[1];
        return o;
    }

    private static long[] broadcast(NodeProto n, long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] o = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da == db || db == 1) {
                o[i] = da;
            } else if (da == 1) {
                o[i] = db;
            } else if (da == UNKNOWN || db == UNKNOWN) {
                o[i] = da == UNKNOWN ? db : da;
            } else {
                throw new BadInputException(n.getOpType() + " " + GraphIndex.describe(n) + ": shapes " + ShapeInference.format(a)
                        + " and " + ShapeInference.format(b) + " do not broadcast");
            }
        }
        return o;
    }

    /** Max, Min, Sum: any number of inputs, broadcast together. */
    private static long[] variadic(NodeProto n, Inputs in) {
        long[] o = in.get(n, 0);
        for (int i = 1; i < n.getInputCount(); i++) {
            o = broadcast(n, o, in.get(n, i));
        }
        return ShapeInference.copy(o);
    }

    private static long[] concat(NodeProto n, Inputs in) {
        long[] first = in.get(n, 0);
        long axis = Attributes.getInt(n, "axis", 1);
        if (axis < 0) {
            axis += first.length;
        }
        long[] o = ShapeInference.copy(first);
        for (int s = 1; s < n.getInputCount(); s++) {
            long[] x = in.get(n, s);
            if (x.length != o.length) {
                throw new BadInputException("Concat " + GraphIndex.describe(n) + ": inputs of different ranks");
            }
            o[(int) axis] = o[(int) axis] == UNKNOWN || x[(int) axis] == UNKNOWN ? UNKNOWN : o[(int) axis] + x[(int) axis];
        }
        return o;
    }

    /** Slice with starts/ends/axes/steps as constant inputs (opset 10+) or attributes (opset 1-9). */
    static long[][] sliceParams(NodeProto n, GraphIndex index) {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (n.getInputCount() >= 3) {
            starts = constLongs(n, 1, index);
            ends = constLongs(n, 2, index);
            axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? constLongs(n, 3, index) : null;
            steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? constLongs(n, 4, index) : null;
        } else {
            starts = Attributes.getInts(n, "starts");
            ends = Attributes.getInts(n, "ends");
            axes = Attributes.getInts(n, "axes");
        }
        if (starts == null || ends == null || starts.length != ends.length) {
            throw new BadInputException("Slice " + GraphIndex.describe(n) + ": starts and ends missing or of different lengths");
        }
        if (axes == null) {
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        if (steps == null) {
            steps = new long[starts.length];
            Arrays.fill(steps, 1);
        }
        return new long[][] {starts, ends, axes, steps};
    }

    private static long[] slice(NodeProto n, long[] x, GraphIndex index) {
        long[][] p = sliceParams(n, index);
        long[] o = ShapeInference.copy(x);
        for (int i = 0; i < p[0].length; i++) {
            int axis = (int) (p[2][i] < 0 ? p[2][i] + x.length : p[2][i]);
            long step = p[3][i];
            if (axis < 0 || axis >= x.length || step == 0) {
                throw new BadInputException("Slice " + GraphIndex.describe(n) + ": bad axis or step");
            }
            if (x[axis] == UNKNOWN) {
                continue;
            }
            long[] range = sliceRange(x[axis], p[0][i], p[1][i], step);
            o[axis] = range[2];
        }
        return o;
    }

    /** Clamped [start, end) and the element count of one sliced axis, as ONNX defines it. */
    static long[] sliceRange(long dim, long start, long end, long step) {
        long s = start < 0 ? start + dim : start;
        long e = end < 0 ? end + dim : end;
        if (step > 0) {
            s = Math.max(0, Math.min(s, dim));
            e = Math.max(0, Math.min(e, dim));
            return new long[] {s, e, Math.max(0, (e - s + step - 1) / step)};
        }
        s = Math.max(-1, Math.min(s, dim - 1));
        e = Math.max(-1, Math.min(e, dim - 1));
        return new long[] {s, e, Math.max(0, (s - e + (-step) - 1) / (-step))};
    }

    private static long[] constLongs(NodeProto n, int slot, GraphIndex index) {
        TensorProto t = index.constantValue(n.getInput(slot));
        if (t == null) {
            throw new ShapeNotInferable(n.getOpType() + " " + GraphIndex.describe(n) + ": input " + slot + " must be a constant");
        }
        return Tensors.longs(t);
    }

    /**
     * Split (torch.split / torch.chunk): the part sizes come from input 1 (opset 13+), the attribute
     * {@code split} (opset < 13) or, when neither is given, equal parts (opset 18's num_outputs: the
     * last part is smaller when the axis does not divide).
     */
    private static long[][] split(NodeProto n, long[] x, GraphIndex index) {
        int parts = n.getOutputCount();
        long a = Attributes.getInt(n, "axis", 0);
        int axis = (int) (a < 0 ? a + x.length : a);
        if (axis < 0 || axis >= x.length || parts == 0) {
            throw new BadInputException("Split " + GraphIndex.describe(n) + ": axis " + a + " of a rank-" + x.length + " input, " + parts + " outputs");
        }
        long dim = x[axis];
        long[] sizes = splitSizes(n, index);
        if (sizes == null && Attributes.getInt(n, "num_outputs", parts) != parts) {
            throw new BadInputException("Split " + GraphIndex.describe(n) + ": num_outputs differs from its " + parts + " outputs");
        }
        if (sizes == null && dim != UNKNOWN) {
            // uneven equal parts exist only with opset 18's num_outputs; before it ONNX Runtime refuses them
            if (dim % parts != 0 && Attributes.find(n, "num_outputs") == null) {
                throw new BadInputException("Split " + GraphIndex.describe(n) + ": " + dim + " does not split into " + parts + " equal parts");
            }
            sizes = equalParts(dim, parts);
            if (sizes[parts - 1] <= 0) {
                throw new BadInputException("Split " + GraphIndex.describe(n) + ": " + dim + " into " + parts + " parts leaves the last one empty");
            }
        }
        if (sizes != null && (sizes.length != parts || Arrays.stream(sizes).anyMatch(s -> s < 0)
                || (dim != UNKNOWN && Arrays.stream(sizes).sum() != dim))) {
            throw new BadInputException("Split " + GraphIndex.describe(n) + ": sizes " + Arrays.toString(sizes) + " do not split "
                    + (dim == UNKNOWN ? "the axis" : dim) + " into " + parts + " parts");
        }
        long[][] out = new long[parts][];
        for (int k = 0; k < parts; k++) {
            out[k] = ShapeInference.copy(x);
            out[k][axis] = sizes == null ? UNKNOWN : sizes[k];
        }
        return out;
    }

    /** The explicit part sizes of a Split (input 1, else attribute {@code split}), or null for equal parts. */
    static long[] splitSizes(NodeProto n, GraphIndex index) {
        if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            return constLongs(n, 1, index);
        }
        return Attributes.getInts(n, "split");
    }

    /** ONNX's equal split: parts of ceil(dim / parts), the last one smaller when it does not divide. */
    static long[] equalParts(long dim, int parts) {
        long chunk = (dim + parts - 1) / parts;
        long[] sizes = new long[parts];
        Arrays.fill(sizes, chunk);
        sizes[parts - 1] = dim - chunk * (parts - 1);
        return sizes;
    }

    private static long[] reshape(NodeProto n, long[] x, GraphIndex index) {
        long[] target = constLongs(n, 1, index);
        long[] o = new long[target.length];
        long known = 1;
        int inferAt = -1;
        boolean allowZero = Attributes.getInt(n, "allowzero", 0) != 0;
        // a 0 copies the input's dim; it cancels out of the -1 arithmetic, so an unknown batch copied
        // this way (PyTorch's x.reshape(0, -1)) still leaves the inferred dim known
        boolean[] copied = new boolean[x.length];
        for (int i = 0; i < target.length; i++) {
            long d = target[i];
            if (d == 0 && !allowZero) {
                if (i >= x.length) {
                    throw new BadInputException("Reshape " + GraphIndex.describe(n) + ": 0 at position " + i + " of a rank-" + x.length + " input");
                }
                o[i] = x[i];
                copied[i] = true;
                continue;
            }
            if (d == -1) {
                if (inferAt >= 0) {
                    throw new BadInputException("Reshape " + GraphIndex.describe(n) + ": more than one -1");
                }
                inferAt = i;
                continue;
            }
            o[i] = d;
            known = d == UNKNOWN || known == UNKNOWN ? UNKNOWN : Math.multiplyExact(known, d);
        }
        if (inferAt >= 0) {
            long total = 1;
            for (int i = 0; i < x.length && total != UNKNOWN; i++) {
                total = copied[i] ? total : x[i] == UNKNOWN ? UNKNOWN : Math.multiplyExact(total, x[i]);
            }
            o[inferAt] = total == UNKNOWN || known == UNKNOWN || known == 0 ? UNKNOWN : total / known;
        }
        return o;
    }

    private static long[] constant(NodeProto n, GraphIndex index) {
        TensorProto t = index.constantValue(n.getOutput(0));
        if (t == null) {
            throw new ShapeNotInferable("Constant " + GraphIndex.describe(n) + " has no tensor value");
        }
        return Tensors.dims(t);
    }

    private static long[] transpose(NodeProto n, long[] x) {
        long[] perm = Attributes.getInts(n, "perm");
        long[] o = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            o[i] = x[perm == null ? x.length - 1 - i : (int) perm[i]];
        }
        return o;
    }

    private static long[] reduceMean(NodeProto n, long[] x, GraphIndex index) {
        long[] axes = Attributes.getInts(n, "axes");
        if (axes == null && n.getInputCount() > 1) {
            axes = constLongs(n, 1, index);
        }
        boolean keep = Attributes.getInt(n, "keepdims", 1) != 0;
        boolean[] reduced = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            reduced[i] = axes == null;
        }
        if (axes != null) {
            for (long a : axes) {
                reduced[(int) (a < 0 ? a + x.length : a)] = true;
            }
        }
        return java.util.stream.IntStream.range(0, x.length).filter(i -> keep || !reduced[i])
                .mapToLong(i -> reduced[i] ? 1 : x[i]).toArray();
    }
}
