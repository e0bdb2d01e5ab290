package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.tensor.Tensors;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.StructuralEdit;
import netcompress.pruner.Surgery;
import netcompress.pruner.Trace;

import java.util.Arrays;
import java.util.List;

/**
 * ShuffleNet's channel shuffle, {@code x.view(n, g, c/g, h, w).transpose(1, 2).reshape(n, c, h, w)}: a
 * Reshape that splits the channel axis into [g, c/g], a Transpose that swaps those two axes, and a Reshape
 * that merges them back. Together they are a fixed permutation of the channels (output position j*g + i
 * carries input channel i*(c/g) + j), so channel identity is traced through them and nothing is pinned.
 *
 * <p>Once channels are removed, the three nodes become one {@code Gather} on axis 1 whose indices are the
 * permutation restricted to the channels kept. Keeping the reshape-transpose-reshape form instead would
 * need every group to keep the same positions, which couples the two halves of every ShuffleNet block
 * (and through the next block's chunk, the whole stage); the Gather keeps each channel independent and
 * costs ONNX Runtime about what the transpose did (bench/RESULTS.md, pruner: channel shuffle). A shuffle
 * none of whose channels is removed is left as the file had it.
 */
final class ChannelShuffleRule {
    private ChannelShuffleRule() {
    }

    /** The shuffle as one Gather once channels are gone: placed at the closing Reshape, the other two left unread. */
    record ShuffleAsGather(int node, String data, ChannelMap input, ChannelMap output, int[] sourceOf) implements StructuralEdit {
        @Override
        public NodeProto apply(NodeProto n, Surgery surgery) {
            int[] keptIn = surgery.kept(input);
            if (keptIn.length == input.length()) {
                return n;
            }
            int[] prunedPosition = new int[input.length()];
            Arrays.fill(prunedPosition, -1);
            for (int k = 0; k < keptIn.length; k++) {
                prunedPosition[keptIn[k]] = k;
            }
            int[] keptOut = surgery.kept(output);
            long[] indices = new long[keptOut.length];
            for (int k = 0; k < keptOut.length; k++) {
                indices[k] = prunedPosition[sourceOf[keptOut[k]]];
                if (indices[k] < 0) {
                    throw new IllegalStateException("channel shuffle " + n.getName() + ": output " + keptOut[k] + " kept, its source removed");
                }
            }
            String name = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
            String idx = surgery.intInitializer(name + "_shuffle_indices", Tensors.INT64, indices);
            return NodeProto.newBuilder().setName(name).setOpType("Gather").setDomain(n.getDomain())
                    .addInput(data).addInput(idx).addOutput(n.getOutput(0))
                    .addAttribute(Attributes.integer("axis", 1)).build();
        }
    }

    /**
     * Traces {@code split} as the start of a channel shuffle when it is one: its output read only by a
     * Transpose swapping axes 1 and 2, read only by a Reshape back to the input's shape. Returns false,
     * recording nothing, for any other Reshape.
     */
    static boolean traceIfShuffle(NodeProto split, Trace t, ChannelMap in, long[] s, long[] o) {
        if (o.length != s.length + 1 || o[0] != s[0] || o[1] < 2 || o[1] * o[2] != s[1]
                || !Arrays.equals(Arrays.copyOfRange(o, 3, o.length), Arrays.copyOfRange(s, 2, s.length))) {
            return false;
        }
        NodeProto transpose = onlyReader(t, split.getOutput(0), "Transpose");
        if (transpose == null || !swapsAxes1And2(Attributes.getInts(transpose, "perm"), o.length)) {
            return false;
        }
        NodeProto merge = onlyReader(t, transpose.getOutput(0), "Reshape");
        if (merge == null || !Arrays.equals(t.shape(merge.getOutput(0)), s)) {
            return false;
        }
        int groups = (int) o[1];
        int perGroup = (int) o[2];
        int[] sourceOf = new int[in.length()];
        int[] elements = new int[in.length()];
        for (int j = 0; j < perGroup; j++) {
            for (int i = 0; i < groups; i++) {
                sourceOf[j * groups + i] = i * perGroup + j;
                elements[j * groups + i] = in.element(i * perGroup + j);
            }
        }
        ChannelMap out = t.register(elements, in.unit());
        t.claim(transpose);
        t.claim(merge);
        t.edit(new ShuffleAsGather(t.index().position(merge), split.getInput(0), in, out, sourceOf));
        t.setMap(merge.getOutput(0), out);
        return true;
    }

    /** The single node reading {@code tensor} at slot 0 when it is a standard {@code op} and nothing else reads it. */
    private static NodeProto onlyReader(Trace t, String tensor, String op) {
        List<GraphIndex.Use> uses = t.index().consumers(tensor);
        if (uses.size() != 1 || t.index().isGraphOutput(tensor)) {
            return null;
        }
        NodeProto n = uses.get(0).node();
        return uses.get(0).slot() == 0 && Ops.is(n, op) ? n : null;
    }

    private static boolean swapsAxes1And2(long[] perm, int rank) {
        if (perm == null || perm.length != rank) {
            return false;
        }
        for (int i = 0; i < rank; i++) {
            long want = i == 1 ? 2 : i == 2 ? 1 : i;
            if (perm[i] != want) {
                return false;
            }
        }
        return true;
    }
}
