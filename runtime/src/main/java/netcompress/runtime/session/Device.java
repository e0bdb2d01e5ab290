package netcompress.runtime.session;

import netcompress.errors.BadInputException;

import java.util.Locale;

/**
 * Where to run: {@code auto} (CUDA if it loads, else CPU with one warning), {@code cpu}, or
 * {@code cuda[:N]} (CUDA device N or fail).
 */
public record Device(Kind kind, int cudaIndex) {
    public enum Kind { AUTO, CPU, CUDA }

    public static Device parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return new Device(Kind.AUTO, 0);
        }
        if (t.equals("cpu")) {
            return new Device(Kind.CPU, 0);
        }
        if (t.equals("cuda") || t.equals("gpu")) {
            return new Device(Kind.CUDA, 0);
        }
        if (t.startsWith("cuda:")) {
            try {
                int n = Integer.parseInt(t.substring(5));
                if (n >= 0) {
                    return new Device(Kind.CUDA, n);
                }
            } catch (NumberFormatException ignored) {
                // falls through to the message below
            }
        }
        throw new BadInputException("{device} '" + text + "' is not one of auto, cpu, cuda, cuda:N");
    }

    @Override
    public String toString() {
        return kind == Kind.CUDA ? "cuda:" + cudaIndex : kind.name().toLowerCase(Locale.ROOT);
    }
}
