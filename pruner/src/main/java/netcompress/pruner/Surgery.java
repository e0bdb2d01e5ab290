package netcompress.pruner;

/** What a {@link StructuralEdit} may ask of the graph surgery under way. */
public interface Surgery {
    /** Positions of {@code m} whose channel group stays, ascending. */
    int[] kept(ChannelMap m);

    /** Adds a 1-D integer initializer (INT32 or INT64) under a fresh name derived from {@code hint}; returns the name. */
    String intInitializer(String hint, int dataType, long[] values);

    /**
     * A new initializer equal to the integer constant {@code tensor} (same element type) but with
     * entry {@code entry} set to {@code value}; returns its name.
     */
    String intConstantReplacing(String tensor, int entry, long value);

    /** The default-domain opset of the model being pruned. */
    int opset();
}
