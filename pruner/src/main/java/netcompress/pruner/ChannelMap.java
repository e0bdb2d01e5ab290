package netcompress.pruner;

import java.util.Arrays;

/**
 * The channel axis of one tensor (axis 1: channels of an NCHW map, features of an [N, F] matrix):
 * position {@code p} carries channel element {@code elements[p]}. Tensors whose channels are coupled
 * share elements (or, after a union, elements with the same root), so removing an element removes
 * every position that carries it, in every tensor at once.
 *
 * <p>{@code unit} is how many positions one source channel spans here: 1 for a feature map, H*W for
 * the features a Flatten makes of an HxW map.
 */
public final class ChannelMap {
    private final int id;
    private final int[] elements;
    private final int unit;

    ChannelMap(int id, int[] elements, int unit) {
        this.id = id;
        this.elements = elements;
        this.unit = unit;
    }

    public int id() {
        return id;
    }

    public int length() {
        return elements.length;
    }

    public int element(int position) {
        return elements[position];
    }

    public int[] elements() {
        return elements;
    }

    public int unit() {
        return unit;
    }

    @Override
    public String toString() {
        return "ChannelMap#" + id + Arrays.toString(elements.length > 16 ? Arrays.copyOf(elements, 16) : elements);
    }
}
