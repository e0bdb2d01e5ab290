package netcompress.trainer;

import netcompress.errors.BadInputException;

import java.util.Locale;

/** Enum options as users write them and provenance records them: the constant's name in lower case. */
public final class EnumNames {
    private EnumNames() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} named {@code name}, or null when it names none. */
    public static <E extends Enum<E>> E find(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** As {@link #find}, refusing an unknown name as bad input that says what {@code what} may be. */
    public static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        E e = find(type, name);
        if (e == null) {
            StringBuilder choices = new StringBuilder();
            E[] all = type.getEnumConstants();
            for (int i = 0; i < all.length; i++) {
                choices.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(of(all[i]));
            }
            throw new BadInputException("the " + what + " must be " + choices + ", got " + name);
        }
        return e;
    }
}
