package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.ShapeNotInferable;
import netcompress.onnx.ops.SlotRole;

import java.util.List;

import static netcompress.onnx.ops.Dims.UNKNOWN;

/**
 * Reshape to a constant or computed target. A target element that copies the symbolic batch
 * ({@link IntValue#UNKNOWN}) gives an unknown dimension; 0 copies the input's dim (unless allowzero).
 */
public final class ReshapeOp implements OpKind {
    @Override
    public int maxInputs(String opType) {
        return 2;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Reshape");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return SlotRole.operandThenShapes(slot);
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        IntValue target = c.value(1);
        if (target == null) {
            throw new ShapeNotInferable("Reshape " + c.describe() + ": its target shape is computed at run time");
        }
        return new long[][] {resolve(c, x, target.values())};
    }

    /** The output shape of reshaping {@code x} to {@code target}. */
    public static long[] resolve(NodeContext c, long[] x, long[] target) {
        long[] o = new long[target.length];
        long known = 1;
        int inferAt = -1;
        boolean allowZero = Attributes.getInt(c.node(), "allowzero", 0) != 0;
        // a 0 copies the input's dim; it cancels out of the -1 arithmetic, so an unknown batch copied
        // this way (PyTorch's x.reshape(0, -1)) still leaves the inferred dim known
        boolean[] copied = new boolean[x.length];
        int symbolic = 0;
        for (int i = 0; i < target.length; i++) {
            long d = target[i];
            if (d == 0 && !allowZero) {
                if (i >= x.length) {
                    throw new BadInputException("Reshape " + c.describe() + ": 0 at position " + i + " of a rank-" + x.length + " input");
                }
                o[i] = x[i];
                copied[i] = true;
                continue;
            }
            if (d == -1) {
                if (inferAt >= 0) {
                    throw new BadInputException("Reshape " + c.describe() + ": more than one -1");
                }
                inferAt = i;
                continue;
            }
            if (d < -1) {
                // a computed element that copies a symbolic dim (the batch, read through Shape)
                o[i] = UNKNOWN;
                symbolic++;
                continue;
            }
            o[i] = d;
            known = Math.multiplyExact(known, d);
        }
        if (inferAt >= 0) {
            // the only symbolic dim of an exported CNN is the batch: as many symbolic elements in the
            // target as unknown dims in the input cancel out of the -1 arithmetic (x.view(b, -1, h, w))
            long total = 1;
            int unknownIn = 0;
            for (int i = 0; i < x.length; i++) {
                if (!copied[i] && x[i] == UNKNOWN) {
                    unknownIn++;
                } else if (!copied[i]) {
                    total = Math.multiplyExact(total, x[i]);
                }
            }
            o[inferAt] = unknownIn != symbolic || known == 0 ? UNKNOWN : total / known;
        }
        return o;
    }
}
