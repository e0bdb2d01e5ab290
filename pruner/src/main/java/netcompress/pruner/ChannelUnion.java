package netcompress.pruner;

import java.util.Arrays;

/**
 * Union-find over channel elements. Each element is one channel as some op created it (a Conv
 * filter, a Gemm output feature, a graph input channel); coupling rules unite elements that must be
 * removed together, and a pinned element (reaching a graph output, a barrier or a protected node)
 * pins its whole set.
 */
final class ChannelUnion {
    private int[] parent = new int[64];
    private boolean[] pinned = new boolean[64];
    private int size;

    int newElement(boolean pin) {
        if (size == parent.length) {
            parent = Arrays.copyOf(parent, size * 2);
            pinned = Arrays.copyOf(pinned, size * 2);
        }
        parent[size] = size;
        pinned[size] = pin;
        return size++;
    }

    int size() {
        return size;
    }

    int find(int e) {
        int r = e;
        while (parent[r] != r) {
            r = parent[r];
        }
        while (parent[e] != r) {
            int next = parent[e];
            parent[e] = r;
            e = next;
        }
        return r;
    }

    /** Unites two sets; the smaller root id stays root so results do not depend on call order. */
    void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return;
        }
        int root = Math.min(ra, rb);
        int child = Math.max(ra, rb);
        parent[child] = root;
        pinned[root] |= pinned[child];
    }

    void pin(int e) {
        pinned[find(e)] = true;
    }

    boolean isPinned(int e) {
        return pinned[find(e)];
    }
}
