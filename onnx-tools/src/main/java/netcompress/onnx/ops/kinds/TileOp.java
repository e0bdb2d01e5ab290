package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.Arrays;
import java.util.List;

import static netcompress.onnx.ops.Dims.UNKNOWN;

/** Tile (torch's {@code x.repeat(...)}): each axis repeated {@code repeats[i]} times. */
public final class TileOp implements OpKind {
    @Override
    public int maxInputs(String opType) {
        return 2;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Tile");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return SlotRole.operandThenShapes(slot);
    }

    /** The repeats of each axis of a rank-{@code rank} input. */
    public static long[] repeats(NodeContext c, int rank) {
        long[] r = c.ints(1);
        if (r.length != rank || Arrays.stream(r).anyMatch(x -> x < 0)) {
            throw new BadInputException("Tile " + c.describe() + ": repeats " + Arrays.toString(r) + " for a rank-" + rank + " input");
        }
        return r;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        long[] r = repeats(c, x.length);
        long[] o = Dims.copy(x);
        for (int i = 0; i < o.length; i++) {
            o[i] = o[i] == UNKNOWN ? UNKNOWN : Math.multiplyExact(o[i], r[i]);
        }
        return Dims.one(o);
    }
}
