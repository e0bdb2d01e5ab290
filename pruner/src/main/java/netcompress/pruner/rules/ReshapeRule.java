package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.StructuralEdit;
import netcompress.pruner.Surgery;
import netcompress.pruner.Trace;

/**
 * A Reshape that keeps the batch and channel axes ([N, C] to [N, C, 1, 1] in squeeze-excite,
 * [N, C, H, W] to [N, C, H*W]) passes channels through; one that flattens them into [N, C*H*W]
 * gives each channel H*W features, as Flatten. The target's channel entry must follow the new
 * width: a 0 or -1 does by itself; an entry computed from another tensor's channel count
 * ({@code x.size(1)} through Shape -> Gather) couples that tensor's channels with these; a constant
 * is rewritten to the number kept. A Reshape that opens a channel shuffle is traced with the rest of
 * the shuffle ({@link ChannelShuffleRule}). Anything else reshapes the channel axis: a barrier.
 */
final class ReshapeRule implements ChannelRule {
    /** The constant target's channel entry becomes the number of channels kept. */
    record ChannelCount(int node, ChannelMap channels) implements StructuralEdit {
        @Override
        public NodeProto apply(NodeProto n, Surgery surgery) {
            int kept = surgery.kept(channels).length;
            return kept == channels.length() ? n : n.toBuilder().setInput(1, surgery.intConstantReplacing(n.getInput(1), 1, kept)).build();
        }
    }

    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        long[] s = t.shape(n.getInput(0));
        long[] o = t.shape(n.getOutput(0));
        IntValue target = n.getInputCount() > 1 ? t.value(n.getInput(1)) : null;
        if (s == null || o == null || s.length < 2 || o.length < 2 || target == null || target.size() != o.length) {
            throw new NotTraceable("its target shape is not known before run time");
        }
        long entry = target.get(1);
        boolean follows = entry == 0 || entry == -1;
        if (s[0] == o[0] && s[1] == o[1]) {
            if (!follows) {
                followChannels(n, pos, t, in, target);
            }
            t.setMap(n.getOutput(0), in);
        } else if (o.length == 2 && s[0] == o[0] && o[1] == Dims.product(s, 1, s.length) && entry == -1) {
            t.setMap(n.getOutput(0), FlattenRule.flattened(t, in, s));
        } else if (!ChannelShuffleRule.traceIfShuffle(n, t, in, s, o)) {
            throw new NotTraceable("it reshapes the channel axis (" + Dims.format(s) + " to " + Dims.format(o) + ")");
        }
    }

    private static void followChannels(NodeProto n, int pos, Trace t, ChannelMap in, IntValue target) throws NotTraceable {
        IntValue.Source from = target.source(1);
        if (from != null) {
            ChannelMap other = from.axis() == 1 ? t.map(from.tensor()) : null;
            if (other == null || other.length() != in.length()) {
                throw new NotTraceable("its channel count is read from " + from.tensor() + " axis " + from.axis());
            }
            t.unite(in, other);
        } else if (t.constant(n.getInput(1)) != null) {
            t.edit(new ChannelCount(pos, in));
        } else {
            throw new NotTraceable("its channel count is computed at run time");
        }
    }
}
