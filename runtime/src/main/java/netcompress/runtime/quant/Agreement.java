package netcompress.runtime.quant;

import netcompress.runtime.predict.Predictions;

import java.util.Locale;

/** How close a quantized model's logits stay to its float source's on the same images. */
public final class Agreement {
    private int images;
    private int sameTop1;
    private double maxLogitDiff;

    /** Adds {@code n} images' logits, row-major with {@code reference.length / n} classes each. */
    public void add(float[] reference, float[] quantized, int n) {
        if (reference.length != quantized.length || n == 0 || reference.length % n != 0) {
            throw new IllegalArgumentException("logits of " + reference.length + " and " + quantized.length + " values for " + n + " images");
        }
        int k = reference.length / n;
        for (int i = 0; i < n; i++) {
            sameTop1 += Predictions.argmax(reference, i * k, k) == Predictions.argmax(quantized, i * k, k) ? 1 : 0;
            for (int j = i * k; j < (i + 1) * k; j++) {
                maxLogitDiff = Math.max(maxLogitDiff, Math.abs(reference[j] - quantized[j]));
            }
        }
        images += n;
    }

    public int images() {
        return images;
    }

    public double top1() {
        return images == 0 ? Double.NaN : (double) sameTop1 / images;
    }

    public double maxLogitDiff() {
        return maxLogitDiff;
    }

    public String describe() {
        return String.format(Locale.ROOT, "agrees with the float model's top-1 on %.1f%% of %d images, largest logit difference %.3f",
                100 * top1(), images, maxLogitDiff);
    }
}
