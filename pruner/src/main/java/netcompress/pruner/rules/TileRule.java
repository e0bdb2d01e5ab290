package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.ops.IntValue;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

/** A Tile that repeats only the batch and spatial axes passes channels through; repeating channels is a barrier. */
final class TileRule implements ChannelRule {
    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        IntValue repeats = t.hasInput(n, 1) ? t.value(n.getInput(1)) : null;
        if (repeats == null || !repeats.fullyKnown() || repeats.size() < 2) {
            throw new NotTraceable("its repeats are computed at run time");
        }
        if (repeats.get(1) != 1) {
            throw new NotTraceable("it repeats the channel axis " + repeats.get(1) + " times");
        }
        t.setMap(n.getOutput(0), in);
    }
}
