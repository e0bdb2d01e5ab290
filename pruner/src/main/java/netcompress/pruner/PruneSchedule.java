package netcompress.pruner;

import java.util.ArrayList;
import java.util.List;

/**
 * Budgets of iterative pruning: K steps from the current count to the target, shrinking by the same
 * factor each step (the pipeline fine-tunes between them with {@code distill --init}).
 */
public final class PruneSchedule {
    private PruneSchedule() {
    }

    public static List<Long> budgets(long parameters, long target, int steps) {
        List<Long> out = new ArrayList<>();
        if (parameters <= target || steps <= 1) {
            out.add(target);
            return out;
        }
        double factor = Math.pow((double) target / parameters, 1.0 / steps);
        for (int k = 1; k < steps; k++) {
            out.add(Math.round(parameters * Math.pow(factor, k)));
        }
        out.add(target);
        return out;
    }
}
