package netcompress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What /proc/cpuinfo says about the first processor: its model name and feature flags. Native libraries
 * (oneDNN, ONNX Runtime's int8 kernels) choose their code by these, so results and verdicts are keyed by them.
 */
public final class Cpu {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private Cpu() {
    }

    /** For example "AMD EPYC 9B45 (family 26, model 2)"; the os.arch name where /proc/cpuinfo is unreadable. */
    public static String model() {
        return model(CPUINFO);
    }

    public static Set<String> flags() {
        return flags(CPUINFO);
    }

    static String model(Path cpuinfo) {
        String name = field(cpuinfo, "model name");
        if (name == null) {
            return System.getProperty("os.arch", "unknown CPU");
        }
        String family = field(cpuinfo, "cpu family"), model = field(cpuinfo, "model");
        return family == null ? name : name + " (family " + family + ", model " + model + ")";
    }

    /** The first processor's flags; empty when unreadable. */
    public static Set<String> flags(Path cpuinfo) {
        String f = field(cpuinfo, "flags");
        return f == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(f.split("\\s+")));
    }

    private static String field(Path cpuinfo, String name) {
        try {
            List<String> lines = Files.readAllLines(cpuinfo);
            for (String l : lines) {
                int colon = l.indexOf(':');
                if (colon > 0 && l.substring(0, colon).trim().equals(name)) {
                    return l.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux): the caller's fallback applies
        }
        return null;
    }
}
