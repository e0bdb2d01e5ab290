package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** ReduceMean / ReduceMax / ReduceSum: axes as attribute (opset < 18) or input (18+), keepdims. */
public final class ReduceOp implements OpKind {
    /** What a Reduce node computes over its axes. */
    public enum Reduction {
        MEAN, MAX, SUM
    }

    /** The reduction {@code n} (a ReduceMean, ReduceMax or ReduceSum) computes. */
    public static Reduction reduction(NodeProto n) {
        return switch (n.getOpType()) {
            case "ReduceMean" -> Reduction.MEAN;
            case "ReduceMax" -> Reduction.MAX;
            case "ReduceSum" -> Reduction.SUM;
            default -> throw new IllegalArgumentException(n.getOpType() + " is not a reduction this kind answers for");
        };
    }

    @Override
    public int maxInputs(String opType) {
        return 2;
    }

    @Override
    public List<String> opTypes() {
        return List.of("ReduceMean", "ReduceMax", "ReduceSum");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return SlotRole.operandThenShapes(slot);
    }

    /** Which axes of a rank-{@code rank} input the node reduces. */
    public static boolean[] reduced(NodeContext c, int rank) {
        long[] axes = Attributes.getInts(c.node(), "axes");
        if (axes == null && c.has(1)) {
            axes = c.ints(1);
        }
        boolean[] r = new boolean[rank];
        boolean noop = Attributes.getInt(c.node(), "noop_with_empty_axes", 0) != 0;
        if (axes == null || axes.length == 0) {
            Arrays.fill(r, !noop);
            return r;
        }
        for (long a : axes) {
            r[Dims.axis(a, rank, c)] = true;
        }
        return r;
    }

    public static boolean keepDims(NodeContext c) {
        return Attributes.getInt(c.node(), "keepdims", 1) != 0;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        boolean[] r = reduced(c, x.length);
        boolean keep = keepDims(c);
        return Dims.one(IntStream.range(0, x.length).filter(i -> keep || !r[i]).mapToLong(i -> r[i] ? 1 : x[i]).toArray());
    }
}
