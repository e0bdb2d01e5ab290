package netcompress.trainer.loss;

import ai.djl.ndarray.NDArray;

/** The training loss. Teacher logits are constants (no gradient flows into the teacher). */
public interface Objective {
    /**
     * @param student  student logits (N, K), part of the autograd graph
     * @param teacher  teacher logits (N, K) on the same augmented batch, or null when {@link #needsTeacher()} is false
     * @param labels   int64 class indices (N)
     * @param progress fraction of training done, in [0, 1] (for losses that ramp up)
     */
    NDArray loss(NDArray student, NDArray teacher, NDArray labels, double progress);

    boolean needsTeacher();

    String describe();

    /** Cross-entropy with integer targets, averaged over the batch. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray oneHot = labels.oneHot((int) logits.getShape().get(1));
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    /** KL(p || q) per batch (batchmean, as PyTorch's kl_div(reduction="batchmean")), from log-probabilities. */
    static NDArray kl(NDArray logP, NDArray logQ) {
        return logP.exp().mul(logP.sub(logQ)).sum().div((float) logP.getShape().get(0));
    }
}
