package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.tensor.Tensors;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.StructuralEdit;
import netcompress.pruner.Surgery;
import netcompress.pruner.Trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Split on axis 1 (torch.split / torch.chunk of channels): output k carries channels
 * [offset_k, offset_k + size_k) of the input; after pruning its size becomes the channels it keeps.
 * A Split over another axis gives every output all the input's channels.
 */
final class SplitRule implements ChannelRule {
    /**
     * The Split's sizes become the channels each part keeps. Sizes given as an input are written to
     * a new initializer (the old one may be shared, and is dropped when nothing else reads it); as
     * the attribute {@code split}, the attribute is rewritten. An equal split whose parts stay equal
     * is left alone; otherwise it gets explicit sizes in the form its opset reads.
     */
    record SplitSizes(int node, List<ChannelMap> parts) implements StructuralEdit {
        @Override
        public NodeProto apply(NodeProto n, Surgery surgery) {
            long[] sizes = new long[parts.size()];
            boolean changed = false;
            for (int k = 0; k < sizes.length; k++) {
                sizes[k] = surgery.kept(parts.get(k)).length;
                changed |= sizes[k] != parts.get(k).length();
            }
            if (!changed) {
                return n;
            }
            String hint = (n.getName().isEmpty() ? n.getOutput(0) : n.getName()) + "_sizes_pruned";
            if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
                return n.toBuilder().setInput(1, surgery.intInitializer(hint, Tensors.INT64, sizes)).build();
            }
            if (Attributes.find(n, "split") == null && Arrays.stream(sizes).allMatch(x -> x == sizes[0])) {
                return n;
            }
            if (Attributes.find(n, "split") != null || surgery.opset() < 13) {
                return Attributes.with(n, Attributes.ints("split", sizes));
            }
            // opset 18 allows num_outputs or a sizes input, not both
            NodeProto.Builder b = n.toBuilder().clearAttribute();
            n.getAttributeList().stream().filter(a -> !a.getName().equals("num_outputs")).forEach(b::addAttribute);
            String sizesInput = surgery.intInitializer(hint, Tensors.INT64, sizes);
            return (n.getInputCount() > 1 ? b.setInput(1, sizesInput) : b.addInput(sizesInput)).build();
        }
    }

    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        int rank = t.rank(n.getInput(0));
        if (Constants.axis(Attributes.getInt(n, "axis", 0), rank) != 1) {
            for (String out : n.getOutputList()) {
                t.setMap(out, in);
            }
            return;
        }
        long[] sizes = new long[n.getOutputCount()];
        for (int k = 0; k < sizes.length; k++) {
            long[] s = n.getOutput(k).isEmpty() ? null : t.shape(n.getOutput(k));
            if (s == null) {
                throw new NotTraceable("output " + k + " has no shape");
            }
            sizes[k] = s[1];
        }
        if (Arrays.stream(sizes).sum() != in.length()) {
            throw new NotTraceable("parts of " + Arrays.toString(sizes) + " channels do not add up to " + in.length());
        }
        List<ChannelMap> parts = new ArrayList<>();
        int offset = 0;
        for (long size : sizes) {
            parts.add(t.register(Arrays.copyOfRange(in.elements(), offset, offset + (int) size), in.unit()));
            offset += (int) size;
        }
        t.edit(new SplitSizes(pos, List.copyOf(parts)));
        for (int k = 0; k < parts.size(); k++) {
            t.setMap(n.getOutput(k), parts.get(k));
        }
    }
}
