package netcompress.runtime.predict;

import netcompress.runtime.loading.BadImage;
import netcompress.runtime.loading.ImageItem;

import java.util.List;

/**
 * Logits for every image of a set, in Id order; the row of a bad image (left out under
 * {@code --on-bad-image skip}) is null.
 */
public record Predictions(List<ImageItem> items, float[][] logits, int classes, List<BadImage> bad, RunStats stats) {
    /** The predicted class of image {@code i}: the first index of the largest logit, as torch.argmax. */
    public int predicted(int i) {
        return argmax(logits[i], 0, logits[i].length);
    }

    /** The first index of the largest of {@code v[from .. from + k)}, relative to {@code from} (torch.argmax's tie rule). */
    public static int argmax(float[] v, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }

    public boolean isGood(int i) {
        return logits[i] != null;
    }
}
