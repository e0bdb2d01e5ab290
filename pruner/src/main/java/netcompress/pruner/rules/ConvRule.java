package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.StructuralEdit;
import netcompress.pruner.Surgery;
import netcompress.pruner.Trace;

import java.util.Arrays;

import static netcompress.pruner.ChannelCut.Role.SHIFT;
import static netcompress.pruner.ChannelCut.Role.WEIGHT;
import static netcompress.pruner.ChannelCut.Side.IN;
import static netcompress.pruner.ChannelCut.Side.OUT;

/**
 * Conv with any group count. Group 1 opens fresh output channels and reads its input channels
 * through weight axis 1. Depthwise (group = channels) keeps its input's channels and its group
 * becomes the number kept. Grouped (1 < group < channels) keeps its group count and removes the
 * same positions in every group, as Torch-Pruning does: input position p of every group is one
 * channel group, coupled with the producer's channels k * (cin / group) + p.
 */
final class ConvRule implements ChannelRule {
    /** A depthwise Conv: its {@code group} becomes the number of channels kept. */
    record DepthwiseGroup(int node, ChannelMap channels) implements StructuralEdit {
        @Override
        public NodeProto apply(NodeProto n, Surgery surgery) {
            return Attributes.with(n, Attributes.integer("group", surgery.kept(channels).length));
        }
    }

    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        long[] w = t.requireFloatConstant(n, 1);
        boolean bias = t.hasInput(n, 2);
        if (bias) {
            t.requireFloatConstant(n, 2);
        }
        long group = Attributes.getInt(n, "group", 1);
        long cin = in.length();
        if (group == 1 && w[1] == cin) {
            ChannelMap out = t.fresh(w[0], false);
            t.cut(pos, 1, 1, in, IN, WEIGHT);
            t.cut(pos, 1, 0, out, OUT, WEIGHT);
            if (bias) {
                t.cut(pos, 2, 0, out, OUT, SHIFT);
            }
            t.setMap(n.getOutput(0), out);
        } else if (group == cin && w[0] == cin && w[1] == 1) {
            // depthwise: output channel c is input channel c filtered on its own
            t.cut(pos, 1, 0, in, OUT, WEIGHT);
            if (bias) {
                t.cut(pos, 2, 0, in, OUT, SHIFT);
            }
            t.edit(new DepthwiseGroup(pos, in));
            t.setMap(n.getOutput(0), in);
        } else if (group > 1 && cin % group == 0 && w[0] % group == 0 && w[1] * group == cin) {
            grouped(n, pos, t, in, w, (int) group, bias);
        } else {
            throw new NotTraceable("convolution with group " + group + " does not fit " + cin + " -> " + w[0] + " channels");
        }
    }

    private static void grouped(NodeProto n, int pos, Trace t, ChannelMap in, long[] w, int group, boolean bias) {
        int a = (int) (in.length() / group);
        int b = (int) (w[0] / group);
        for (int p = 0; p < a; p++) {
            for (int k = 1; k < group; k++) {
                t.couple(in.element(p), in.element(k * a + p));
            }
        }
        ChannelMap perGroupIn = t.register(Arrays.copyOf(in.elements(), a), 1);
        ChannelMap perGroupOut = t.fresh(b, false);
        int[] outElements = new int[(int) w[0]];
        for (int o = 0; o < outElements.length; o++) {
            outElements[o] = perGroupOut.element(o % b);
        }
        ChannelMap out = t.register(outElements, group);
        t.cut(pos, 1, 1, perGroupIn, IN, WEIGHT);
        t.cut(pos, 1, 0, out, OUT, WEIGHT);
        if (bias) {
            t.cut(pos, 2, 0, out, OUT, SHIFT);
        }
        t.setMap(n.getOutput(0), out);
    }
}
