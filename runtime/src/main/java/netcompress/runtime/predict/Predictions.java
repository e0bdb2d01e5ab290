package netcompress.runtime.predict;

import netcompress.runtime.pipeline.BadImage;
import netcompress.runtime.pipeline.ImageItem;

import java.util.List;

/**
 * Logits for every image of a set, in Id order; the row of a bad image (left out under
 * {@code --on-bad-image skip}) is null.
 */
public record Predictions(List<ImageItem> items, float[][] logits, int classes, List<BadImage> bad, RunStats stats) {
    /** The predicted class of image {@code i}: the first index of the largest logit, as torch.argmax. */
    public int predicted(int i) {
        float[] row = logits[i];
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    public boolean isGood(int i) {
        return logits[i] != null;
    }
}
