package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.ShapeNotInferable;
import netcompress.onnx.ops.SlotRole;

import java.util.Arrays;
import java.util.List;

import static netcompress.onnx.ops.Dims.UNKNOWN;
import static netcompress.onnx.ops.Dims.format;

/** 2-D convolution with any group count: weight [out, in/group, kh, kw], optional bias [out]. */
public final class ConvOp implements OpKind {
    @Override
    public int maxInputs(String opType) {
        return 3;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Conv");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return slot == 1 ? SlotRole.WEIGHT : slot == 2 ? SlotRole.BIAS : SlotRole.DATA;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        return new long[][] {output(c, c.in(0), c.in(1))};
    }

    @Override
    public long[][] fromConstants(NodeContext c) {
        long[] w = c.known(1);
        if (c.known(0) != null || w == null || w.length != 4) {
            return new long[1][];
        }
        return new long[][] {output(c, new long[] {UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN}, w)};
    }

    private static long[] output(NodeContext c, long[] x, long[] w) {
        if (x.length != 4 || w.length != 4) {
            throw new ShapeNotInferable("Conv " + c.describe() + " needs 4-D input and weight, got " + format(x) + " and " + format(w));
        }
        long group = Attributes.getInt(c.node(), "group", 1);
        if (group <= 0 || x[1] != UNKNOWN && x[1] != w[1] * group || w[0] % group != 0) {
            throw new BadInputException("Conv " + c.describe() + ": weight " + format(w) + " with group " + group
                    + " does not fit input channels " + x[1]);
        }
        long[] k = Attributes.getInts(c.node(), "kernel_shape");
        if (k != null && (k.length != 2 || k[0] != w[2] || k[1] != w[3])) {
            throw new BadInputException("Conv " + c.describe() + ": kernel_shape " + Arrays.toString(k) + " differs from weight " + format(w));
        }
        long[] hw = Window.spatial(c, x, new long[] {w[2], w[3]});
        return new long[] {x[0], w[0], hw[0], hw[1]};
    }

    @Override
    public long macs(NodeContext c) {
        long[] out = c.out(0);
        long[] w = c.known(1);
        return out == null || w == null ? 0 : Dims.elements(out) * w[1] * w[2] * w[3];
    }

    @Override
    public void validate(NodeContext c, List<String> problems) {
        Checks.requireFloat(c, 1, problems);
        long[] w = c.known(1);
        if (w == null || !c.has(2)) {
            return;
        }
        Checks.requireFloat(c, 2, problems);
        long[] b = c.known(2);
        if (b != null && (b.length != 1 || b[0] != w[0])) {
            problems.add("Conv " + c.describe() + ": bias " + format(b) + " does not match " + w[0] + " output channels");
        }
    }
}
