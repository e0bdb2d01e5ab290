package netcompress.trainer.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an {@link EngineProbe} process reported for one configuration: the check's verdict, the mismatches,
 * and the time of a training step where the check passed.
 */
record ProbeResult(EngineSettings settings, boolean passed, double stepMillis, double checkMillis, List<String> mismatches) {
    /** Reads the probe's {@code key=value} lines; a probe that died before its verdict failed with what it printed last. */
    static ProbeResult parse(EngineSettings settings, List<String> lines, int exitCode, String lastError) {
        Boolean passed = null;
        double step = Double.NaN, check = Double.NaN;
        List<String> mismatches = new ArrayList<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = l.substring(0, eq), v = l.substring(eq + 1);
            switch (k) {
                case "verdict" -> passed = v.equals("pass");
                case "step_ms" -> step = Double.parseDouble(v);
                case "check_ms" -> check = Double.parseDouble(v);
                case "mismatch" -> mismatches.add(v);
                default -> {
                    // other output of the libraries: not ours to read
                }
            }
        }
        if (passed == null || exitCode != 0) {
            mismatches.add("the probe process ended with exit code " + exitCode + (lastError.isEmpty() ? "" : ": " + lastError));
            return new ProbeResult(settings, false, Double.NaN, check, mismatches);
        }
        return new ProbeResult(settings, passed, step, check, mismatches);
    }

    String summary() {
        if (passed) {
            return String.format(Locale.ROOT, "%s: correct, %.0f ms a training step", settings.describe(), stepMillis);
        }
        return settings.describe() + ": wrong, " + mismatches.get(0) + (mismatches.size() > 1 ? " and " + (mismatches.size() - 1) + " more" : "");
    }
}
