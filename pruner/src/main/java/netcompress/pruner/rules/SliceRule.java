package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.StructuralEdit;
import netcompress.pruner.Surgery;
import netcompress.pruner.Trace;

import java.util.Arrays;

/**
 * A Slice of channels [start, end) with step 1 (GhostNet's out[:, :oup]) takes that range of its
 * input's channels; its bounds become the kept positions' range. Slices over other axes pass.
 */
final class SliceRule implements ChannelRule {
    /** The Slice at {@code node} over channels [start, end) of {@code input}, entry {@code entry} of its starts/ends. */
    record ChannelSlice(int node, ChannelMap input, int entry, long start, long end) implements StructuralEdit {
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
            return n.toBuilder().setInput(1, surgery.intConstantReplacing(n.getInput(1), entry, newStart))
                    .setInput(2, surgery.intConstantReplacing(n.getInput(2), entry, newEnd)).build();
        }
    }

    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        int rank = t.rank(n.getInput(0));
        if (n.getInputCount() < 3) {
            throw new NotTraceable("Slice with attribute bounds (opset < 10)");
        }
        long[] starts = Constants.intConstant(t, n, 1);
        long[] ends = Constants.intConstant(t, n, 2);
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
        t.edit(new ChannelSlice(pos, in, entry, start, end));
        t.setMap(n.getOutput(0), t.register(e, in.unit()));
    }
}
