package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.tensor.Tensors;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

/** Reading integer settings and channel positions, shared by several rules. */
final class Constants {
    private Constants() {
    }

    /**
     * Integer settings (axes, steps): a constant of any integer type, or what shape arithmetic gives before run
     * time (an exporter without constant folding writes Unsqueeze(Constant)).
     */
    static long[] intConstant(Trace t, NodeProto n, int slot) throws NotTraceable {
        TensorProto k = t.constant(n.getInput(slot));
        if (k != null && Tensors.isInteger(k)) {
            return Tensors.longs(k);
        }
        IntValue v = k == null ? t.value(n.getInput(slot)) : null;
        if (v == null || !v.fullyKnown()) {
            throw new NotTraceable("input " + slot + " is not an integer constant");
        }
        return v.values().clone();
    }

    /** The value shape arithmetic gives input {@code slot} (torch.chunk's bounds from x.size(1)), all of it known before run time. */
    static long[] evaluated(Trace t, NodeProto n, int slot) throws NotTraceable {
        IntValue v = t.value(n.getInput(slot));
        if (v == null || !v.fullyKnown()) {
            throw new NotTraceable("input " + slot + " is computed at run time");
        }
        return v.values().clone();
    }

    /** The element type of the first of {@code slots} that is a constant (INT32 or INT64); INT64 when all are computed. */
    static int integerType(Trace t, NodeProto n, int... slots) {
        for (int slot : slots) {
            TensorProto k = t.hasInput(n, slot) ? t.constant(n.getInput(slot)) : null;
            if (k != null) {
                return k.getDataType();
            }
        }
        return Tensors.INT64;
    }

    /** A possibly negative bound clamped into [0, c], as Slice reads it. */
    static long clamp(long v, long c) {
        long x = v < 0 ? v + c : v;
        return Math.max(0, Math.min(c, x));
    }

    /** The axis an attribute names, negative counted from the end. */
    static long axis(long a, int rank) {
        return a < 0 ? a + rank : a;
    }
}
