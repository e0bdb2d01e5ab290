package netcompress.cli.commands;

import netcompress.datasets.ProgressListener;

/** Progress of the data commands: a redrawn line on a terminal, a plain line per 10% otherwise (logs, CI). */
final class DataProgress {
    private static volatile boolean drewBar;

    private DataProgress() {
    }

    static ProgressListener forConsole(String what) {
        boolean terminal = System.console() != null;
        drewBar = false;
        return new ProgressListener() {
            private int lastTenth = 0;
            private long lastDraw = 0;

            @Override
            public synchronized void progress(int done, int total) {
                if (terminal) {
                    long now = System.nanoTime();
                    if (done == total || now - lastDraw > 100_000_000L) {
                        lastDraw = now;
                        int width = 30;
                        int filled = (int) ((long) width * done / total);
                        System.err.printf("\r%s [%s%s] %d/%d", what, "#".repeat(filled), " ".repeat(width - filled), done, total);
                        drewBar = true;
                    }
                } else {
                    int tenth = (int) (10L * done / total);
                    if (tenth > lastTenth) {
                        lastTenth = tenth;
                        System.err.printf("%s: %d/%d images (%d%%)%n", what, done, total, tenth * 10);
                    }
                }
            }
        };
    }

    static void finish() {
        if (drewBar) {
            System.err.println();
        }
    }
}
