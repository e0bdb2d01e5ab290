package netcompress.jobs.search;

import netcompress.errors.BadInputException;
import netcompress.jobs.train.JobOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * What a search is asked.
 *
 * @param recipe         the distillation every candidate gets (data, teachers, loss, unlabeled images, batch, lr, seed,
 *                       size): its model, out and epochs are set per run
 * @param budget         parameters at most (torchsummary's total)
 * @param budgetMacs     MACs per image at most, or null
 * @param latencyMs      ONNX Runtime milliseconds at batch 1 at most on this machine, or null
 * @param families       zoo families to draw candidates from (ignored with {@code candidates})
 * @param candidates     the user's own models ({@code name:width}), or empty to generate them
 * @param proxyEpochs    epochs of the first proxy round; each later round doubles them for the leading half
 * @param proxyShare     share of the training images (labeled and unlabeled) in proxy runs
 * @param rounds         successive-halving rounds
 * @param fullEpochs     epochs of the winner's full run on every image, 0 for none (the winner is its best proxy model)
 * @param finetuneEpochs epochs after pruning, for candidates of the prune route (proxy runs: half their epochs, at least 1)
 * @param timeBudgetSeconds no proxy run starts past this much search time, or null
 * @param out            the search folder: report.html, candidates.csv, winner.onnx, the runs
 */
public record SearchOptions(JobOptions recipe, long budget, Long budgetMacs, Double latencyMs, List<String> families, List<String> candidates,
                            int proxyEpochs, double proxyShare, int rounds, int fullEpochs, int finetuneEpochs, Double timeBudgetSeconds,
                            Path out, boolean force) {
    public SearchOptions {
        if (budget < 1) {
            throw new BadInputException("{budget} must be positive, got " + budget);
        }
        if (budgetMacs != null && budgetMacs < 1) {
            throw new BadInputException("{budgetMacs} must be positive, got " + budgetMacs);
        }
        if (latencyMs != null && !(latencyMs > 0)) {
            throw new BadInputException("{latencyMs} must be positive, got " + latencyMs);
        }
        if (proxyEpochs < 1 || rounds < 1 || fullEpochs < 0 || finetuneEpochs < 0) {
            throw new BadInputException("{proxyEpochs} and {rounds} must be at least 1, {fullEpochs} and {finetuneEpochs} at least 0");
        }
        if (!(proxyShare > 0 && proxyShare <= 1)) {
            throw new BadInputException("{proxyShare} must be in (0, 1], got " + proxyShare);
        }
        if (timeBudgetSeconds != null && !(timeBudgetSeconds > 0)) {
            throw new BadInputException("{timeBudget} must be positive, got " + timeBudgetSeconds);
        }
        if (recipe.teachers().isEmpty()) {
            throw new BadInputException("a search distills every candidate: give {teacher}");
        }
        families = List.copyOf(families);
        candidates = List.copyOf(candidates);
    }

    /** "1 epoch", "4 epochs": for log lines and the report. */
    static String epochsText(int n) {
        return n == 1 ? "1 epoch" : n + " epochs";
    }

    /** Epochs of proxy round {@code r} (0-based): doubled each round. */
    public int epochs(int round) {
        return proxyEpochs << round;
    }
}
