package netcompress.trainer.data;

import netcompress.errors.BadInputException;

import java.util.Locale;

/**
 * How distillation uses the unlabeled images ({@code distill --unlabeled}). An unlabeled image in the
 * training set has label {@link #NO_LABEL}: the losses give it the distillation term only, never
 * cross-entropy.
 */
public enum UnlabeledUse {
    /** Not used. */
    NONE,
    /** Every unlabeled image in the batches with the soft term T^2*KL(teacher || student) only. */
    SOFT,
    /** Only images the teacher labels with confidence at or above the threshold, as labeled ones (hard pseudo-labels). */
    PSEUDO,
    /** SOFT, plus cross-entropy on the confident pseudo-labels. */
    BOTH;

    /** The label of an image that has none (soft targets only). */
    public static final int NO_LABEL = -1;

    /**
     * The default where the data root has unlabeled images and a teacher is given: the best of the four
     * measured on low-label Fashion-MNIST (bench/RESULTS.md: labeled only 86.80%, soft 89.76%, pseudo
     * 90.07%, both 91.06% test, 8 epochs).
     */
    public static final UnlabeledUse DEFAULT = BOTH;

    /**
     * {@code auto} (the default: {@link #DEFAULT} with a teacher and unlabeled images, else none; {@link #PSEUDO}
     * when {@code everyImageLabeled}, as DKD needs), soft, pseudo, both or none.
     */
    public static UnlabeledUse resolve(String option, boolean teacher, boolean hasUnlabeled, boolean everyImageLabeled) {
        String o = option == null ? "auto" : option.trim().toLowerCase(Locale.ROOT);
        if (o.equals("auto")) {
            return !teacher || !hasUnlabeled ? NONE : everyImageLabeled && DEFAULT.keepsUnlabeledImages() ? PSEUDO : DEFAULT;
        }
        UnlabeledUse u;
        try {
            u = valueOf(o.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("{unlabeled} must be auto, soft, pseudo, both or none, got " + option);
        }
        if (u != NONE && !teacher) {
            throw new BadInputException("{unlabeled} " + o + " needs {teacher} (the teacher is what the unlabeled images are learnt from)");
        }
        return u;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether images without a (pseudo-)label join the batches, with the soft term only. */
    public boolean keepsUnlabeledImages() {
        return this == SOFT || this == BOTH;
    }

    /** Whether the teacher's labels are needed (pseudo-labels). */
    public boolean needsPseudoLabels() {
        return this == PSEUDO || this == BOTH;
    }
}
