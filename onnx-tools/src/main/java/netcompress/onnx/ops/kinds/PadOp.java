package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.List;

import static netcompress.onnx.ops.Dims.UNKNOWN;

/**
 * Pad: pads as attribute (opset < 11) or input 1, the constant value (input 2, a setting, not a
 * parameter), optional axes (input 3, opset 18). pads hold [begin of each axis..., end of each axis...].
 */
public final class PadOp implements OpKind {
    @Override
    public int maxInputs(String opType) {
        return 4;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Pad");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return switch (slot) {
            case 0 -> SlotRole.DATA;
            case 2 -> SlotRole.CONSTANT;
            default -> SlotRole.SHAPE;
        };
    }

    /** Begin and end pads per axis of a rank-{@code rank} input: [axis][0 = begin, 1 = end]. */
    public static long[][] pads(NodeContext c, int rank) {
        long[] p = c.has(1) ? c.ints(1) : Attributes.getInts(c.node(), "pads");
        if (p == null) {
            throw new BadInputException("Pad " + c.describe() + " has no pads");
        }
        long[] axes = c.has(3) ? c.ints(3) : null;
        int k = axes == null ? rank : axes.length;
        if (p.length != 2 * k) {
            throw new BadInputException("Pad " + c.describe() + ": " + p.length + " pads for " + k + " axes");
        }
        long[][] out = new long[rank][2];
        for (int i = 0; i < k; i++) {
            int a = axes == null ? i : Dims.axis(axes[i], rank, c);
            out[a][0] = p[i];
            out[a][1] = p[i + k];
        }
        return out;
    }

    public static String mode(NodeContext c) {
        return Attributes.getString(c.node(), "mode", "constant");
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        long[][] p = pads(c, x.length);
        long[] o = Dims.copy(x);
        for (int i = 0; i < x.length; i++) {
            if (o[i] != UNKNOWN) {
                o[i] += p[i][0] + p[i][1];
                if (o[i] < 0) {
                    throw new BadInputException("Pad " + c.describe() + ": negative pads remove more than axis " + i + " holds");
                }
            }
        }
        return Dims.one(o);
    }
}
