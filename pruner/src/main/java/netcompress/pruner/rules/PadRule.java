package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.IntValue;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

/** A Pad that pads only spatial axes (DenseNet's, all zero) passes channels through. */
final class PadRule implements ChannelRule {
    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        int rank = t.rank(n.getInput(0));
        if (t.hasInput(n, 3)) {
            throw new NotTraceable("Pad with explicit axes");
        }
        long[] pads;
        if (t.hasInput(n, 1)) {
            IntValue v = t.value(n.getInput(1));
            if (v == null || !v.fullyKnown()) {
                throw new NotTraceable("its pads are computed at run time");
            }
            pads = v.values();
        } else {
            pads = Attributes.getInts(n, "pads");
        }
        if (pads == null || pads.length != 2 * rank) {
            throw new NotTraceable("pads do not cover the input's axes");
        }
        for (int axis : new int[] {0, 1}) {
            if (pads[axis] != 0 || pads[axis + rank] != 0) {
                throw new NotTraceable("it pads axis " + axis);
            }
        }
        if (t.hasInput(n, 2) && !t.isKnownBeforeRun(n.getInput(2))) {
            throw new NotTraceable("its pad value is computed at run time");
        }
        t.setMap(n.getOutput(0), in);
    }
}
