package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.StructuralEdit;
import netcompress.pruner.Surgery;
import netcompress.pruner.Trace;

import java.util.Arrays;

/**
 * A Slice of channels [start, end) with step 1 (GhostNet's out[:, :oup], ShuffleNet's chunk) takes that
 * range of its input's channels; its bounds become the kept positions' range. Bounds computed from
 * the input's shape are evaluated for the trace and written as constants after pruning. Slices over
 * other axes pass.
 */
final class SliceRule implements ChannelRule {
    /**
     * The Slice at {@code node} over channels [start, end) of {@code input}, entry {@code entry} of its
     * starts/ends. Bounds the file computes from the channel count ({@code torch.chunk}: (C + 1) / 2) would
     * compute the old halves from the new width, so they become constants of type {@code boundType}.
     */
    record ChannelSlice(int node, ChannelMap input, int entry, long start, long end, boolean computed, int boundType) implements StructuralEdit {
        @Override
        public NodeProto apply(NodeProto n, Surgery surgery) {
            int[] keptIn = surgery.kept(input);
            long newStart = 0;
            long newEnd = 0;
            for (int p : keptIn) {
                newStart += p < start ? 1 : 0;
                newEnd += p < end ? 1 : 0;
            }
            if (newStart == start && newEnd == end && keptIn.length == input.length()) {
                return n;
            }
            return n.toBuilder().setInput(1, bound(n, 1, newStart, surgery)).setInput(2, bound(n, 2, newEnd, surgery)).build();
        }

        private String bound(NodeProto n, int slot, long value, Surgery surgery) {
            String hint = (n.getName().isEmpty() ? n.getOutput(0) : n.getName()) + (slot == 1 ? "_starts" : "_ends") + "_pruned";
            return computed ? surgery.intInitializer(hint, boundType, new long[] {value})
                    : surgery.intConstantReplacing(n.getInput(slot), entry, value);
        }
    }

    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        int rank = t.rank(n.getInput(0));
        if (n.getInputCount() < 3) {
            throw new NotTraceable("Slice with attribute bounds (opset < 10)");
        }
        boolean computed = !t.isConstant(n.getInput(1)) || !t.isConstant(n.getInput(2));
        long[] starts = computed ? Constants.evaluated(t, n, 1) : Constants.intConstant(t, n, 1);
        long[] ends = computed ? Constants.evaluated(t, n, 2) : Constants.intConstant(t, n, 2);
        long[] axes = t.hasInput(n, 3) ? Constants.intConstant(t, n, 3) : null;
        long[] steps = t.hasInput(n, 4) ? Constants.intConstant(t, n, 4) : null;
        int entry = -1;
        for (int i = 0; i < starts.length; i++) {
            if (Constants.axis(axes == null ? i : axes[i], rank) == 1) {
                if (entry >= 0) {
                    throw new NotTraceable("channel axis sliced twice");
                }
                entry = i;
            }
        }
        if (entry < 0) {
            t.setMap(n.getOutput(0), in);
            return;
        }
        if (computed && starts.length != 1) {
            // a bound of another axis may follow the batch size; only a channel-only bound can become a constant
            throw new NotTraceable("its bounds are computed at run time over several axes");
        }
        if (steps != null && steps[entry] != 1) {
            throw new NotTraceable("channel Slice with step " + steps[entry]);
        }
        long c = in.length();
        long start = Constants.clamp(starts[entry], c);
        long end = Constants.clamp(ends[entry], c);
        if (end <= start) {
            throw new NotTraceable("empty channel Slice");
        }
        int[] e = Arrays.copyOfRange(in.elements(), (int) start, (int) end);
        t.edit(new ChannelSlice(pos, in, entry, start, end, computed, Constants.integerType(t, n, 1, 2)));
        t.setMap(n.getOutput(0), t.register(e, in.unit()));
    }
}
