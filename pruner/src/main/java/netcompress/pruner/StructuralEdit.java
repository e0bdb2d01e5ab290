package netcompress.pruner;

/** A change besides slicing tensors that removing channels requires of a node. */
public sealed interface StructuralEdit {
    int node();

    /** A depthwise Conv: its {@code group} becomes the number of channels kept. */
    record DepthwiseGroup(int node, ChannelMap channels) implements StructuralEdit {
    }

    /**
     * A Slice over channels [start, end) of {@code input} (entry {@code entry} of its starts/ends):
     * the bounds become the kept positions' range.
     */
    record ChannelSlice(int node, ChannelMap input, int entry, long start, long end) implements StructuralEdit {
    }

    /**
     * A Split over channels: output k carries {@code parts.get(k)}; its size (sizes input, attribute
     * {@code split}, or an equal share) becomes the channels that part keeps.
     */
    record SplitSizes(int node, java.util.List<ChannelMap> parts) implements StructuralEdit {
    }
}
