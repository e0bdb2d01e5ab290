package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.List;

import static netcompress.onnx.ops.Dims.UNKNOWN;
import static netcompress.onnx.ops.Dims.format;

/**
 * Per-channel normalization: BatchNormalization (scale, shift, running mean, running variance) and
 * InstanceNormalization (scale, shift). Training-mode extra outputs of BatchNormalization are [C].
 */
public final class NormalizationOp implements OpKind {
    private final String op;
    private final int perChannelInputs;

    private NormalizationOp(String op, int perChannelInputs) {
        this.op = op;
        this.perChannelInputs = perChannelInputs;
    }

    public static NormalizationOp batchNorm() {
        return new NormalizationOp("BatchNormalization", 4);
    }

    public static NormalizationOp instanceNorm() {
        return new NormalizationOp("InstanceNormalization", 2);
    }

    @Override
    public int maxInputs(String opType) {
        return perChannelInputs + 1;
    }

    /** BatchNormalization, the one normalization that folds into the convolution before it. */
    public static boolean isBatchNormalization(String opType) {
        return opType.equals("BatchNormalization");
    }

    @Override
    public List<String> opTypes() {
        return List.of(op);
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return switch (slot) {
            case 0 -> SlotRole.DATA;
            case 1 -> SlotRole.BN_SCALE;
            case 2 -> SlotRole.BN_SHIFT;
            default -> SlotRole.STATISTIC;
        };
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = c.in(0);
        long[][] out = new long[c.node().getOutputCount()][];
        out[0] = Dims.copy(x);
        for (int i = 1; i < out.length; i++) {
            out[i] = new long[] {x.length > 1 ? x[1] : UNKNOWN};
        }
        return out;
    }

    @Override
    public void validate(NodeContext c, List<String> problems) {
        if (c.node().getInputCount() != perChannelInputs + 1) {
            problems.add(op + " " + c.describe() + " needs " + (perChannelInputs + 1) + " inputs, has " + c.node().getInputCount());
            return;
        }
        long[] x = c.known(0);
        long ch = x != null && x.length > 1 ? x[1] : UNKNOWN;
        for (int s = 1; s <= perChannelInputs; s++) {
            Checks.requireFloat(c, s, problems);
            long[] p = c.known(s);
            if (p != null && (p.length != 1 || (ch != UNKNOWN && p[0] != ch))) {
                problems.add(op + " " + c.describe() + ": input " + s + " is " + format(p) + ", expected [" + ch + "]");
            }
        }
    }
}
