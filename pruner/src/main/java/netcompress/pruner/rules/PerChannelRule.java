package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.ops.Ops;
import netcompress.pruner.ChannelCut.Role;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

import java.util.Arrays;

import static netcompress.pruner.ChannelCut.Role.SCALE;
import static netcompress.pruner.ChannelCut.Role.SHIFT;
import static netcompress.pruner.ChannelCut.Role.STATISTIC;
import static netcompress.pruner.ChannelCut.Side.OUT;

/**
 * Channels pass from input 0 to output 0: activations, pools, Dropout, Identity, Cast, and the
 * normalizations whose per-channel vectors (input k, role {@code roles[k-1]}) are cut along. Further
 * inputs must be constants (Clip bounds, Dropout ratio).
 */
final class PerChannelRule implements ChannelRule {
    private final Role[] roles;

    private PerChannelRule(Role... roles) {
        this.roles = roles;
    }

    static PerChannelRule passThrough() {
        return new PerChannelRule();
    }

    /** BatchNormalization (scale, shift, mean, variance) or InstanceNormalization (scale, shift). */
    static PerChannelRule normalization(int vectors) {
        return new PerChannelRule(Arrays.copyOf(new Role[] {SCALE, SHIFT, STATISTIC, STATISTIC}, vectors));
    }

    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        for (int slot = 1; slot < n.getInputCount(); slot++) {
            if (!t.hasInput(n, slot)) {
                continue;
            }
            if (slot - 1 < roles.length) {
                long[] d = t.requireFloatConstant(n, slot);
                if (d.length != 1 || d[0] != in.length()) {
                    throw new NotTraceable("input " + slot + " is not one value per channel");
                }
            } else if (!t.isKnownBeforeRun(n.getInput(slot))) {
                throw new NotTraceable("input " + slot + " is computed at run time");
            }
        }
        boolean dropout = Ops.isDropout(n);
        for (int o = 1; o < n.getOutputCount(); o++) {
            if (!n.getOutput(o).isEmpty() && !(o == 1 && dropout) && !t.index().consumers(n.getOutput(o)).isEmpty()) {
                throw new NotTraceable("its output " + o + " is used");
            }
        }
        for (int slot = 1; slot <= roles.length && slot < n.getInputCount(); slot++) {
            if (t.hasInput(n, slot)) {
                t.cut(pos, slot, 0, in, OUT, roles[slot - 1]);
            }
        }
        t.setMap(n.getOutput(0), in);
        if (dropout && n.getOutputCount() > 1) {
            t.setMap(n.getOutput(1), in);
        }
    }
}
