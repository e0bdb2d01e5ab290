package netcompress.datasets.fmnist;

/**
 * How to lay Fashion-MNIST out.
 *
 * @param split              FULL: all training images labeled except the last {@code validationCount};
 *                           LOW_LABEL: the assignment's situation, few labels per class and the rest unlabeled
 * @param validationCount    FULL: how many of the last training images become the validation split
 * @param labelsPerClass     LOW_LABEL: labeled training images per class
 * @param validationPerClass LOW_LABEL: validation images per class
 * @param unlabeledCount     LOW_LABEL: unlabeled images, or -1 for every remaining training image
 * @param seed               LOW_LABEL: which images are picked
 * @param threads            worker threads; the output does not depend on it
 */
public record FashionMnistOptions(Split split, int validationCount, int labelsPerClass, int validationPerClass,
                                  int unlabeledCount, long seed, int threads) {
    public enum Split { FULL, LOW_LABEL }

    public FashionMnistOptions {
        if (validationCount < 0 || labelsPerClass < 1 || validationPerClass < 0 || unlabeledCount < -1 || threads < 1) {
            throw new IllegalArgumentException("counts must be positive (labels per class at least 1, unlabeled -1 for all)");
        }
    }

    public static FashionMnistOptions full() {
        return new FashionMnistOptions(Split.FULL, 5_000, 280, 60, -1, 0L, Runtime.getRuntime().availableProcessors());
    }

    /** Like the assignment: 280 labeled and 60 validation images per class, the rest unlabeled. */
    public static FashionMnistOptions lowLabel() {
        return new FashionMnistOptions(Split.LOW_LABEL, 5_000, 280, 60, -1, 0L, Runtime.getRuntime().availableProcessors());
    }

    public FashionMnistOptions withValidationCount(int n) {
        return new FashionMnistOptions(split, n, labelsPerClass, validationPerClass, unlabeledCount, seed, threads);
    }

    public FashionMnistOptions withLabelsPerClass(int n) {
        return new FashionMnistOptions(split, validationCount, n, validationPerClass, unlabeledCount, seed, threads);
    }

    public FashionMnistOptions withValidationPerClass(int n) {
        return new FashionMnistOptions(split, validationCount, labelsPerClass, n, unlabeledCount, seed, threads);
    }

    public FashionMnistOptions withUnlabeledCount(int n) {
        return new FashionMnistOptions(split, validationCount, labelsPerClass, validationPerClass, n, seed, threads);
    }

    public FashionMnistOptions withSeed(long s) {
        return new FashionMnistOptions(split, validationCount, labelsPerClass, validationPerClass, unlabeledCount, s, threads);
    }

    public FashionMnistOptions withThreads(int t) {
        return new FashionMnistOptions(split, validationCount, labelsPerClass, validationPerClass, unlabeledCount, seed, t);
    }
}
