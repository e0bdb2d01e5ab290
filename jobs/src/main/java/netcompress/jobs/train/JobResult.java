package netcompress.jobs.train;

/**
 * Outcome of a run: best validation accuracy and its epoch, test accuracy where a labeled test split exists (else NaN),
 * and how the unlabeled images were used ({@code none}, {@code soft}, {@code pseudo}, {@code both}).
 */
public record JobResult(double bestValAcc, int bestEpoch, double testAcc, int trainImages, long parameters, double seconds, String unlabeledUse) {
}
