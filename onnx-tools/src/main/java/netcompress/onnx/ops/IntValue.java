package netcompress.onnx.ops;

import java.util.Arrays;

/**
 * The elements of a small integer tensor known before run time: a constant, or shape arithmetic
 * (Shape -> Gather -> Unsqueeze -> Concat, as {@code x.view(b, c, 1, 1)} exports) evaluated for one
 * input shape. An element that depends on a symbolic input dimension is {@link #UNKNOWN}. Each
 * element remembers which tensor dimension it copies, if any: after the pruner changes a width, a
 * computed shape follows the tensor it was read from, so the pruner couples the two.
 */
public record IntValue(long[] values, Source[] sources) {
    /** An element the input shape leaves open (the symbolic batch). Never a legal ONNX shape entry. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** Element k equals dimension {@code axis} of {@code tensor}. */
    public record Source(String tensor, int axis) {
    }

    public IntValue {
        if (sources.length != values.length) {
            throw new IllegalArgumentException("one source per value");
        }
    }

    /** Constant elements: they copy no tensor's dimension. */
    public static IntValue of(long... values) {
        return new IntValue(values, new Source[values.length]);
    }

    public int size() {
        return values.length;
    }

    public long get(int i) {
        return values[i];
    }

    public Source source(int i) {
        return sources[i];
    }

    public boolean fullyKnown() {
        return Arrays.stream(values).noneMatch(v -> v == UNKNOWN);
    }

    /** Elements {@code idx} in that order (Gather). */
    public IntValue pick(long[] idx) {
        long[] v = new long[idx.length];
        Source[] s = new Source[idx.length];
        for (int i = 0; i < idx.length; i++) {
            int k = Math.toIntExact(idx[i] < 0 ? idx[i] + values.length : idx[i]);
            v[i] = values[k];
            s[i] = sources[k];
        }
        return new IntValue(v, s);
    }

    public static IntValue concat(IntValue... parts) {
        int n = Arrays.stream(parts).mapToInt(IntValue::size).sum();
        long[] v = new long[n];
        Source[] s = new Source[n];
        int at = 0;
        for (IntValue p : parts) {
            System.arraycopy(p.values, 0, v, at, p.size());
            System.arraycopy(p.sources, 0, s, at, p.size());
            at += p.size();
        }
        return new IntValue(v, s);
    }

    @Override
    public String toString() {
        return Arrays.toString(Arrays.stream(values).mapToObj(x -> x == UNKNOWN ? "?" : Long.toString(x)).toArray());
    }
}
