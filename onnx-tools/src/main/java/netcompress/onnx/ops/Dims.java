package netcompress.onnx.ops;

import netcompress.errors.BadInputException;

import java.util.Arrays;

/** Shape arithmetic shared by the op kinds. {@link #UNKNOWN} is a symbolic or unknown dimension. */
public final class Dims {
    public static final long UNKNOWN = -1;

    private Dims() {
    }

    public static long[] copy(long[] s) {
        return Arrays.copyOf(s, s.length);
    }

    /** A single-output result. */
    public static long[][] one(long[] s) {
        return new long[][] {s};
    }

    /** Product of dims [from, to), or UNKNOWN when one of them is. */
    public static long product(long[] x, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (x[i] == UNKNOWN) {
                return UNKNOWN;
            }
            p = Math.multiplyExact(p, x[i]);
        }
        return p;
    }

    /** Number of elements, unknown dims counted as 1 (MACs at batch 1). */
    public static long elements(long[] s) {
        long p = 1;
        for (long d : s) {
            p *= Math.max(d, 1);
        }
        return p;
    }

    public static boolean anyUnknown(long[] s) {
        return Arrays.stream(s).anyMatch(d -> d == UNKNOWN);
    }

    /** An axis attribute or input, negative counted from the end, checked against the rank. */
    public static int axis(long a, int rank, NodeContext c) {
        long x = a < 0 ? a + rank : a;
        if (x < 0 || x >= rank) {
            throw new BadInputException(c.node().getOpType() + " " + c.describe() + ": axis " + a + " of a rank-" + rank + " tensor");
        }
        return (int) x;
    }

    /** Numpy-style broadcasting of two shapes. */
    public static long[] broadcast(long[] a, long[] b, NodeContext c) {
        int r = Math.max(a.length, b.length);
        long[] o = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da == db || db == 1) {
                o[i] = da;
            } else if (da == 1) {
                o[i] = db;
            } else if (da == UNKNOWN || db == UNKNOWN) {
                o[i] = da == UNKNOWN ? db : da;
            } else {
                throw new BadInputException(c.node().getOpType() + " " + c.describe() + ": shapes " + format(a)
                        + " and " + format(b) + " do not broadcast");
            }
        }
        return o;
    }

    /** A shape as the inspect table shows it: N for the symbolic batch (axis 0), '?' for any other unknown dim. */
    public static String format(long[] s) {
        if (s == null) {
            return "?";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.length; i++) {
            b.append(i > 0 ? ", " : "").append(s[i] != UNKNOWN ? Long.toString(s[i]) : i == 0 ? "N" : "?");
        }
        return b.append(']').toString();
    }
}
