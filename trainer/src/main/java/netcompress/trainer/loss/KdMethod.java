package netcompress.trainer.loss;

import netcompress.trainer.EnumNames;

/** How the teacher's logits enter a distillation loss: Hinton's KD, or decoupled KD (target and non-target parts). */
public enum KdMethod {
    KD, DKD;

    /** The name users write and provenance records: {@code kd}, {@code dkd}. */
    public String cliName() {
        return EnumNames.of(this);
    }

    /** The one named {@code name}, or null when it names none. */
    public static KdMethod of(String name) {
        return EnumNames.find(KdMethod.class, name);
    }

    /** The one named {@code name}; refused as bad input when it names none. */
    public static KdMethod parse(String name) {
        return EnumNames.parse(KdMethod.class, name, "distillation method");
    }

    @Override
    public String toString() {
        return cliName();
    }
}
