package netcompress.trainer.loss;

import netcompress.errors.BadInputException;

import java.util.Locale;

/** How the teacher's logits enter a distillation loss: Hinton's KD, or decoupled KD (target and non-target parts). */
public enum KdMethod {
    KD, DKD;

    /** The name users write and provenance records: {@code kd}, {@code dkd}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method named {@code name}, or null when it names none. */
    public static KdMethod of(String name) {
        for (KdMethod m : values()) {
            if (m.cliName().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** The one named {@code name}; refused as bad input when it names none. */
    public static KdMethod parse(String name) {
        KdMethod v = of(name);
        if (v == null) {
            throw new BadInputException("the distillation method must be kd or dkd, got " + name);
        }
        return v;
    }

    @Override
    public String toString() {
        return cliName();
    }
}
