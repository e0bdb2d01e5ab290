package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

/** ReduceMean / ReduceMax / ReduceSum over spatial axes (MNASNet's and ShuffleNet's pooling) pass channels through. */
final class ReduceRule implements ChannelRule {
    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        int rank = t.rank(n.getInput(0));
        long[] axes = Attributes.getInts(n, "axes");
        if (axes == null && t.hasInput(n, 1)) {
            axes = Constants.intConstant(t, n, 1);
        }
        boolean keep = Attributes.getInt(n, "keepdims", 1) != 0;
        if (axes == null || axes.length == 0) {
            throw new NotTraceable("reduces every axis");
        }
        for (long a : axes) {
            long x = Constants.axis(a, rank);
            if (x == 1 || (!keep && x == 0)) {
                throw new NotTraceable("reduces or moves the channel axis");
            }
        }
        t.setMap(n.getOutput(0), in);
    }
}
