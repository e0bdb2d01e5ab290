package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.Arrays;
import java.util.List;

import static netcompress.onnx.ops.Dims.UNKNOWN;

/** Slice: starts/ends/axes/steps as inputs (opset 10+) or attributes (opset 1-9). */
public final class SliceOp implements OpKind {
    /** The slice of one node, axes made explicit and steps defaulted to 1. */
    public record Params(long[] starts, long[] ends, long[] axes, long[] steps) {
        public static Params of(NodeContext c) {
            NodeProto n = c.node();
            long[] starts;
            long[] ends;
            long[] axes;
            long[] steps = null;
            if (n.getInputCount() >= 3) {
                starts = c.ints(1);
                ends = c.ints(2);
                axes = c.has(3) ? c.ints(3) : null;
                steps = c.has(4) ? c.ints(4) : null;
            } else {
                starts = Attributes.getInts(n, "starts");
                ends = Attributes.getInts(n, "ends");
                axes = Attributes.getInts(n, "axes");
            }
            if (starts == null || ends == null || starts.length != ends.length) {
                throw new BadInputException("Slice " + c.describe() + ": starts and ends missing or of different lengths");
            }
            if (axes == null) {
                axes = new long[starts.length];
                Arrays.setAll(axes, i -> i);
            }
            if (steps == null) {
                steps = new long[starts.length];
                Arrays.fill(steps, 1);
            }
            return new Params(starts, ends, axes, steps);
        }
    }

    @Override
    public int maxInputs(String opType) {
        return 5;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Slice");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return SlotRole.operandThenShapes(slot);
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        Params p = Params.of(c);
        long[] o = Dims.copy(x);
        for (int i = 0; i < p.starts().length; i++) {
            int axis = Dims.axis(p.axes()[i], x.length, c);
            if (p.steps()[i] == 0) {
                throw new BadInputException("Slice " + c.describe() + ": step 0");
            }
            if (x[axis] != UNKNOWN) {
                o[axis] = range(x[axis], p.starts()[i], p.ends()[i], p.steps()[i])[2];
            }
        }
        return Dims.one(o);
    }

    @Override
    public IntValue value(NodeContext c) {
        IntValue v = c.value(0);
        long[] shape = c.known(0);
        if (v == null || shape == null || shape.length != 1) {
            return null;
        }
        Params p = Params.of(c);
        if (p.starts().length != 1) {
            return null;
        }
        long[] r = range(v.size(), p.starts()[0], p.ends()[0], p.steps()[0]);
        long[] idx = new long[(int) r[2]];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = r[0] + i * p.steps()[0];
        }
        return v.pick(idx);
    }

    /** Clamped [start, end) and the element count of one sliced axis, as ONNX defines it. */
    public static long[] range(long dim, long start, long end, long step) {
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
}
