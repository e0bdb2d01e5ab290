package netcompress.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** The training loss. Teacher logits are constants (no gradient flows into the teacher). */
public interface Objective {
    /**
     * @param student  student logits (N, K), part of the autograd graph
     * @param teacher  teacher logits (N, K) on the same augmented batch, or null when {@link #needsTeacher()} is false
     * @param labels   int64 class indices (N); -1 for an unlabeled image, which gets the soft term only
     * @param progress fraction of training done, in [0, 1] (for losses that ramp up)
     */
    NDArray loss(NDArray student, NDArray teacher, NDArray labels, double progress);

    boolean needsTeacher();

    String describe();

    /**
     * Cross-entropy with integer targets, averaged over the images that have a label: an unlabeled
     * image ({@code UnlabeledUse.NO_LABEL}, -1) never enters it; a batch without labels gives 0.
     */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray labeled = labels.gte(0);
        long count = labeled.countNonzero().getLong();
        if (count == labels.size()) {
            NDArray oneHot = labels.oneHot((int) logits.getShape().get(1));
            return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
        }
        NDArray mask = labeled.toType(DataType.FLOAT32, false);
        if (count == 0) {
            return logits.sum().mul(0f);
        }
        NDArray oneHot = labels.maximum(0).oneHot((int) logits.getShape().get(1));
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mul(mask).sum().neg().div((float) count);
    }

    /** KL(p || q) per batch (batchmean, as PyTorch's kl_div(reduction="batchmean")), from log-probabilities. */
    static NDArray kl(NDArray logP, NDArray logQ) {
        return logP.exp().mul(logP.sub(logQ)).sum().div((float) logP.getShape().get(0));
    }
}
