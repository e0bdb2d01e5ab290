package netcompress.runtime.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how far a long run is: a bar redrawn in place on a terminal, and a plain line every 10% (or
 * every 10 seconds) otherwise, so logs stay readable.
 */
public final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final long start = System.nanoTime();
    private long lastPrint;
    private int lastDecile = -1;

    public Progress(PrintStream out, boolean terminal, String label) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
    }

    /** A bar on a terminal (System.console() present), plain lines otherwise. */
    public static Progress forStream(PrintStream out, String label) {
        return new Progress(out, System.console() != null, label);
    }

    /** A progress that prints nothing (library use, tests). */
    public static Progress silent() {
        return new Progress(null, false, "");
    }

    public synchronized void update(int done, int total) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        double secs = (now - start) / 1e9;
        double rate = secs > 0 ? done / secs : 0;
        if (terminal) {
            if (now - lastPrint < 100_000_000L && done < total) {
                return;
            }
            int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
            out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d %3d%% %.0f images/s", label, "#".repeat(filled),
                    ".".repeat(WIDTH - filled), done, total, total == 0 ? 100 : 100L * done / total, rate));
            if (done >= total) {
                out.println();
            }
            out.flush();
        } else {
            int decile = total == 0 ? 10 : (int) (10L * done / total);
            if (decile != lastDecile || now - lastPrint > 10_000_000_000L) {
                out.println(String.format(Locale.ROOT, "%s %d/%d (%d%%) %.0f images/s", label, done, total,
                        total == 0 ? 100 : 100L * done / total, rate));
                lastDecile = decile;
            } else {
                return;
            }
        }
        lastPrint = now;
    }
}
