package netcompress.pruner;

import netcompress.onnx.count.ParameterReport;

import java.util.ArrayList;
import java.util.List;

/**
 * Budgets of iterative pruning: K steps from the current count to the target, shrinking by the same
 * factor each step ({@code prune --steps K --finetune-epochs E} fine-tunes between them with {@code distill --init}; the
 * pipeline prunes in one step).
 */
public final class PruneSchedule {
    private PruneSchedule() {
    }

    /** One round's limits: parameters and MACs per image (Long.MAX_VALUE: no limit). */
    public record Round(long parameters, long macs) {
    }

    /** The rounds from a model's count ({@code before}) to what {@code options} ask for, in {@code steps} steps. */
    public static List<Round> rounds(ParameterReport before, PruneOptions options, int steps) {
        long macsTarget = options.budgetMacs() != null ? options.budgetMacs() : Long.MAX_VALUE;
        return rounds(before.parameters(), options.targetFor(before.parameters()), before.macsPerImage(), macsTarget, steps);
    }

    /**
     * The rounds towards both targets (Long.MAX_VALUE: that one is not limited): as many as the longer of the two
     * schedules, the shorter one holding its target.
     */
    public static List<Round> rounds(long parameters, long parameterTarget, long macs, long macsTarget, int steps) {
        List<Long> p = budgets(parameters, parameterTarget, steps);
        List<Long> m = budgets(macs, macsTarget, steps);
        List<Round> out = new ArrayList<>();
        for (int k = 0; k < Math.max(p.size(), m.size()); k++) {
            out.add(new Round(p.get(Math.min(k, p.size() - 1)), m.get(Math.min(k, m.size() - 1))));
        }
        return out;
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
