package netcompress.jobs.search;

import java.util.Locale;

/**
 * What the rest of a search will cost, from the seconds per proxy epoch of the runs so far. The first run alone put the
 * built-in demo's rounds at 6 minutes and they took 9.5 (its family was the fastest), so the estimate is restated
 * after every round with every run measured until then.
 */
final class CostEstimate {
    private final SearchOptions options;
    private double seconds;
    private long epochs;

    CostEstimate(SearchOptions options) {
        this.options = options;
    }

    boolean measured() {
        return epochs > 0;
    }

    /**
     * A run this invocation trained (kept runs cost nothing now). Its seconds include the prune route's pruning and
     * fine-tuning while its epochs are the distillation's, so the rate carries that route's overhead.
     */
    void add(ProxyResult r) {
        seconds += r.seconds();
        epochs += r.epochs();
    }

    /**
     * Candidate-epochs left in rounds {@code round} on, when {@code candidates} run in that round and {@code done} of them
     * have: n, n/2, n/4 ... candidates at e, 2e, 4e ... epochs.
     */
    static long candidateEpochs(SearchOptions o, int round, int candidates, int done) {
        long total = 0;
        int n = candidates;
        for (int r = round; r < o.rounds() && n > 0; r++) {
            total += (long) (r == round ? n - done : n) * o.epochs(r);
            n = (n + 1) / 2;
        }
        return total;
    }

    /** One log line: the rate so far and the time the remaining rounds (and the winner's full run) should take. */
    String describe(int round, int candidates, int done) {
        double perEpoch = seconds / epochs;
        double rounds = perEpoch * candidateEpochs(options, round, candidates, done);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.1f s per proxy epoch so far: about %s left in the rounds",
                perEpoch, duration(rounds)));
        if (options.fullEpochs() > 0) {
            // the full run sees every image, 1 / proxyShare times a proxy epoch's
            b.append(", ").append(duration(perEpoch * options.fullEpochs() / options.proxyShare())).append(" for the full run");
        }
        return b.toString();
    }

    private static String duration(double seconds) {
        return seconds < 90 ? String.format(Locale.ROOT, "%.0f s", seconds) : String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }
}
