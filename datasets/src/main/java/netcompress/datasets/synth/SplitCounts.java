package netcompress.datasets.synth;

/**
 * Image counts of the four splits.
 *
 * @param labeledPerClass    training/labeled images per class
 * @param unlabeled          training/unlabeled images
 * @param validationPerClass validation images per class
 * @param testing            test images
 */
public record SplitCounts(int labeledPerClass, int unlabeled, int validationPerClass, int testing) {
    /** The assignment's food-11: 280 per class, 6,786 unlabeled, 60 per class, 3,347 test. */
    public static final SplitCounts ASSIGNMENT = new SplitCounts(280, 6_786, 60, 3_347);

    /** A scaled copy keeping every split usable: at least 3 labeled and 2 validation images per class. */
    public SplitCounts scaled(double scale) {
        return new SplitCounts(
                Math.max(3, (int) Math.round(labeledPerClass * scale)),
                Math.max(FoodClass.COUNT, (int) Math.round(unlabeled * scale)),
                Math.max(2, (int) Math.round(validationPerClass * scale)),
                Math.max(FoodClass.COUNT, (int) Math.round(testing * scale)));
    }

    public int total() {
        return FoodClass.COUNT * (labeledPerClass + validationPerClass) + unlabeled + testing;
    }
}
