package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.shape.ShapeInference;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

import java.util.Arrays;

/** Flatten(axis 1) of [N,C,H,W]: feature c*H*W + k belongs to channel c. */
final class FlattenRule implements ChannelRule {
    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        long[] s = t.shape(n.getInput(0));
        long axis = Constants.axis(Attributes.getInt(n, "axis", 1), s.length);
        if (axis != 1) {
            throw new NotTraceable("Flatten on axis " + axis);
        }
        t.setMap(n.getOutput(0), flattened(t, in, s));
    }

    /** The channel map of [N, C*H*W] made of an [N, C, H, W] map: each channel owns H*W features. */
    static ChannelMap flattened(Trace t, ChannelMap in, long[] s) throws NotTraceable {
        long hw = 1;
        for (int i = 2; i < s.length; i++) {
            if (s[i] == ShapeInference.UNKNOWN) {
                throw new NotTraceable("the spatial size it flattens is unknown");
            }
            hw *= s[i];
        }
        if (hw == 1) {
            return in;
        }
        int[] e = new int[Math.toIntExact(in.length() * hw)];
        for (int ch = 0; ch < in.length(); ch++) {
            Arrays.fill(e, (int) (ch * hw), (int) ((ch + 1) * hw), in.element(ch));
        }
        return t.register(e, Math.toIntExact(in.unit() * hw));
    }
}
