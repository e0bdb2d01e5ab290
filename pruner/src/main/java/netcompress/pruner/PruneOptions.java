package netcompress.pruner;

import netcompress.errors.BadInputException;

import java.util.List;
import java.util.Map;

/**
 * What to prune to and how.
 *
 * @param budget      parameter budget (at most this many after pruning), or null when {@code ratio} is given
 * @param ratio       alternative to a budget: keep this fraction of the current parameters (0 < ratio <= 1)
 * @param criterion   importance measure
 * @param seed        seed of the random criterion
 * @param minChannels every tensor keeps at least this many channels (or all it has, when fewer)
 * @param roundTo     layer groups lose channels this many at a time, keeping counts multiples of it
 * @param protect     nodes (by name or output) whose output channels are never removed
 * @param steps       prune in this many rounds of geometrically shrinking budgets, re-measuring importance each round
 * @param budgetMacs  MACs per image (the ledger's count: Conv, Gemm and MatMul) at most this many after pruning, or null;
 *                    with a parameter budget both must hold
 * @param scores      for {@link Criterion#TAYLOR}: by initializer name, one array per round of training images, each the
 *                    elementwise w x dL/dw summed over that round (signed); null for the other criteria
 */
public record PruneOptions(Long budget, Double ratio, Criterion criterion, long seed, int minChannels, int roundTo,
                           List<String> protect, int steps, Long budgetMacs, Map<String, float[][]> scores) {
    public PruneOptions {
        if (budget != null && ratio != null || budget == null && ratio == null && budgetMacs == null) {
            throw new BadInputException("give {budget} or {ratio} (not both), {budgetMacs}, or {budgetMacs} with one of them");
        }
        if (budgetMacs != null && budgetMacs <= 0) {
            throw new BadInputException("{budgetMacs} must be positive, got " + budgetMacs);
        }
        if (budget != null && budget <= 0) {
            throw new BadInputException("{budget} must be positive, got " + budget);
        }
        if (ratio != null && !(ratio > 0 && ratio <= 1)) {
            throw new BadInputException("{ratio} must be in (0, 1], got " + ratio);
        }
        if (minChannels < 1) {
            throw new BadInputException("{minChannels} must be at least 1, got " + minChannels);
        }
        if (roundTo < 1) {
            throw new BadInputException("{roundTo} must be at least 1, got " + roundTo);
        }
        if (steps < 1) {
            throw new BadInputException("{steps} must be at least 1, got " + steps);
        }
        protect = List.copyOf(protect);
        if (criterion == Criterion.TAYLOR && scores == null) {
            throw new BadInputException("{criterion} taylor needs gradients measured on training data: give {data}");
        }
        if (criterion == Criterion.TAYLOR && steps > 1) {
            throw new BadInputException("{criterion} taylor measures the model as given; with {steps} K add {finetuneEpochs}, "
                    + "so each round is measured again");
        }
    }

    public PruneOptions(Long budget, Double ratio, Criterion criterion, long seed, int minChannels, int roundTo,
                        List<String> protect, int steps, Long budgetMacs) {
        this(budget, ratio, criterion, seed, minChannels, roundTo, protect, steps, budgetMacs, null);
    }

    /** Without a MACs budget. */
    public PruneOptions(Long budget, Double ratio, Criterion criterion, long seed, int minChannels, int roundTo,
                        List<String> protect, int steps) {
        this(budget, ratio, criterion, seed, minChannels, roundTo, protect, steps, null, null);
    }

    /** The defaults: l1, seed 0, one channel minimum, no rounding, nothing protected, one step. */
    public static PruneOptions toBudget(long budget) {
        return new PruneOptions(budget, null, Criterion.L1, 0, 1, 1, List.of(), 1);
    }

    public static PruneOptions toRatio(double ratio) {
        return new PruneOptions(null, ratio, Criterion.L1, 0, 1, 1, List.of(), 1);
    }

    public PruneOptions withCriterion(Criterion c, long s) {
        return new PruneOptions(budget, ratio, c, s, minChannels, roundTo, protect, steps, budgetMacs, scores);
    }

    public PruneOptions withMinChannels(int n) {
        return new PruneOptions(budget, ratio, criterion, seed, n, roundTo, protect, steps, budgetMacs, scores);
    }

    public PruneOptions withRoundTo(int n) {
        return new PruneOptions(budget, ratio, criterion, seed, minChannels, n, protect, steps, budgetMacs, scores);
    }

    public PruneOptions withProtect(List<String> nodes) {
        return new PruneOptions(budget, ratio, criterion, seed, minChannels, roundTo, nodes, steps, budgetMacs, scores);
    }

    public PruneOptions withSteps(int k) {
        return new PruneOptions(budget, ratio, criterion, seed, minChannels, roundTo, protect, k, budgetMacs, scores);
    }

    public PruneOptions withBudgetMacs(Long macs) {
        return new PruneOptions(budget, ratio, criterion, seed, minChannels, roundTo, protect, steps, macs, scores);
    }

    /** The parameter budget this run aims at, given the model's current count (Long.MAX_VALUE: MACs only). */
    public long targetFor(long parameters) {
        return budget != null ? budget : ratio != null ? (long) Math.floor(ratio * parameters) : Long.MAX_VALUE;
    }
}
