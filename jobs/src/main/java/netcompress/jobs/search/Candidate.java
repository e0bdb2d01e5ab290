package netcompress.jobs.search;

import java.util.Locale;

/**
 * One architecture a search tries: a zoo model and how it reaches the budget.
 *
 * @param model      zoo model, {@code family:width}
 * @param route      trained at a width that fits the budget, or at about 1.25x the budget and pruned to it
 * @param parameters torchsummary's total of the model as built (before pruning for {@link Route#PRUNE})
 * @param macs       multiply-accumulates per image of the model as built
 */
public record Candidate(String model, Route route, long parameters, long macs) {
    /** How a candidate reaches the budget. */
    public enum Route {
        /** The largest width whose model fits the budget as built. */
        DIRECT,
        /** About 1.25x the budget, distilled, pruned to the budget, fine-tuned. */
        PRUNE;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A name that is also a folder name: {@code mbv2-0.93-direct}. */
    public String id() {
        return model.replace(':', '-') + "-" + route.cliName();
    }
}
