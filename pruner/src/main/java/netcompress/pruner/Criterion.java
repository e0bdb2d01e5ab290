package netcompress.pruner;

import netcompress.errors.BadInputException;

import java.util.Locale;

/** How a channel group's importance is measured (the group sums its members). */
public enum Criterion {
    /** Sum of |w| over every weight slice the group owns: filters and consumers' input slices. */
    L1("l1"),
    /** Sum of w^2 over the same slices. */
    L2("l2"),
    /** |gamma| of the group's BatchNormalization scales; groups without BN fall back to l1. */
    BN_SCALE("bn-scale"),
    /** Uniform random, from the seed: the baseline any real criterion must beat. */
    RANDOM("random"),
    /**
     * First-order Taylor at group level: (sum of w x dL/dw over the group's slices)^2 per round of training images,
     * summed over the rounds; the values come measured on training data with the options ({@link PruneOptions#scores()}; the cli measures them through the trainer).
     */
    TAYLOR("taylor");

    private final String cliName;

    Criterion(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Criterion parse(String s) {
        for (Criterion c : values()) {
            if (c.cliName.equals(s.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new BadInputException("unknown criterion '" + s + "'; use l1, l2, bn-scale, random or taylor");
    }
}
