package netcompress.pruner;

/**
 * A constant tensor at input {@code slot} of node {@code node} (its position in the graph) whose
 * axis {@code axis} is indexed by the channels of {@code map}: removing channels slices it there.
 *
 * @param side OUT when the slice produces the channel's value (a filter, its bias, a BN scale);
 *             IN when it reads the channel (a consumer's input-channel slice)
 */
public record ChannelCut(int node, int slot, int axis, ChannelMap map, Side side, Role role) {
    /** One key per node input slot, for grouping the cuts of one tensor. */
    public static long slotKey(int node, int slot) {
        return ((long) node << 20) | slot;
    }

    public long slotKey() {
        return slotKey(node, slot);
    }

    public enum Side { OUT, IN }

    /** What the sliced tensor is to its layer; importance criteria read only some roles. */
    public enum Role {
        /** Conv, Gemm or MatMul weight: read by the l1 and l2 criteria. */
        WEIGHT,
        /** BatchNormalization or InstanceNormalization scale: read by bn-scale. */
        SCALE,
        /** Biases, BN shift, per-channel constants of elementwise ops. */
        SHIFT,
        /** BN running mean and variance: sliced, not parameters. */
        STATISTIC
    }
}
