package netcompress.runtime.image;

import java.util.Arrays;

/**
 * Pillow's bilinear resampling ({@code Image.resize(size, BILINEAR)}, what torchvision's
 * {@code Resize} calls on a PIL image), reproduced step for step: a triangle filter widened by the
 * scale when shrinking (antialiasing), 22-bit fixed-point coefficients, a horizontal pass rounded to
 * 8 bits, then a vertical pass. On the same decoded pixels it gives Pillow's bytes exactly, which
 * keeps our predictions in agreement with a PyTorch reference; OpenCV's INTER_AREA/INTER_LINEAR differ
 * by several levels on photos.
 */
public final class PilResample {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResample() {
    }

    /** Coefficients for one axis: for output i, taps start at {@code bounds[2i]}, count {@code bounds[2i+1]}. */
    record Coefficients(int[] bounds, int[] k, int ksize) {
    }

    static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[outSize * 2];
        int[] k = new int[outSize * ksize];
        double[] w = new double[ksize];
        double ss = 1.0 / filterscale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0;
            for (int x = 0; x < xmax; x++) {
                double t = Math.abs((x + xmin - center + 0.5) * ss);
                double v = t < 1.0 ? 1.0 - t : 0.0;
                w[x] = v;
                ww += v;
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0 ? w[x] / ww : w[x];
                k[xx * ksize + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        return new Coefficients(bounds, k, ksize);
    }

    /**
     * Resizes interleaved 8-bit pixels ({@code channels} per pixel, rows of {@code inW * channels} bytes).
     * Returns {@code outH} rows of {@code outW * channels} bytes.
     */
    public static byte[] resize(byte[] in, int inW, int inH, int channels, int outW, int outH) {
        byte[] cur = in;
        int curW = inW;
        if (outW != inW) {
            cur = horizontal(cur, inW, inH, channels, outW);
            curW = outW;
        }
        if (outH != inH) {
            cur = vertical(cur, curW, inH, channels, outH);
        }
        return cur == in ? in.clone() : cur;
    }

    private static byte[] horizontal(byte[] in, int inW, int h, int ch, int outW) {
        Coefficients c = coefficients(inW, outW);
        byte[] out = new byte[outW * h * ch];
        int inStride = inW * ch;
        int outStride = outW * ch;
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = 0; y < h; y++) {
            int rowIn = y * inStride;
            int rowOut = y * outStride;
            for (int xx = 0; xx < outW; xx++) {
                int xmin = c.bounds[xx * 2];
                int n = c.bounds[xx * 2 + 1];
                int kb = xx * c.ksize;
                if (ch == 3) {
                    // the common case, one pass over the taps for all three channels
                    int s0 = half;
                    int s1 = half;
                    int s2 = half;
                    int p = rowIn + xmin * 3;
                    for (int x = 0; x < n; x++, p += 3) {
                        int k = c.k[kb + x];
                        s0 += (in[p] & 0xFF) * k;
                        s1 += (in[p + 1] & 0xFF) * k;
                        s2 += (in[p + 2] & 0xFF) * k;
                    }
                    int o = rowOut + xx * 3;
                    out[o] = clip8(s0);
                    out[o + 1] = clip8(s1);
                    out[o + 2] = clip8(s2);
                    continue;
                }
                for (int b = 0; b < ch; b++) {
                    int ss = half;
                    int p = rowIn + xmin * ch + b;
                    for (int x = 0; x < n; x++) {
                        ss += (in[p] & 0xFF) * c.k[kb + x];
                        p += ch;
                    }
                    out[rowOut + xx * ch + b] = clip8(ss);
                }
            }
        }
        return out;
    }

    private static byte[] vertical(byte[] in, int w, int inH, int ch, int outH) {
        Coefficients c = coefficients(inH, outH);
        int stride = w * ch;
        byte[] out = new byte[outH * stride];
        int[] acc = new int[stride];
        for (int yy = 0; yy < outH; yy++) {
            int ymin = c.bounds[yy * 2];
            int n = c.bounds[yy * 2 + 1];
            int kb = yy * c.ksize;
            Arrays.fill(acc, 1 << (PRECISION_BITS - 1));
            for (int y = 0; y < n; y++) {
                int kv = c.k[kb + y];
                int row = (ymin + y) * stride;
                for (int x = 0; x < stride; x++) {
                    acc[x] += (in[row + x] & 0xFF) * kv;
                }
            }
            int o = yy * stride;
            for (int x = 0; x < stride; x++) {
                out[o + x] = clip8(acc[x]);
            }
        }
        return out;
    }

    private static byte clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
