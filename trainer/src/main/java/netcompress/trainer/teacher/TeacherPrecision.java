package netcompress.trainer.teacher;

import netcompress.trainer.EnumNames;

/** How a teacher runs: as given (float), or as an int8 copy calibrated on training images (about 3x faster on CPUs). */
public enum TeacherPrecision {
    FP32, INT8;

    /** The name users write and provenance records: {@code fp32}, {@code int8}. */
    public String cliName() {
        return EnumNames.of(this);
    }

    /** The one named {@code name}, or null when it names none. */
    public static TeacherPrecision of(String name) {
        return EnumNames.find(TeacherPrecision.class, name);
    }

    /** The one named {@code name}; refused as bad input when it names none. */
    public static TeacherPrecision parse(String name) {
        return EnumNames.parse(TeacherPrecision.class, name, "teacher precision");
    }

    @Override
    public String toString() {
        return cliName();
    }
}
