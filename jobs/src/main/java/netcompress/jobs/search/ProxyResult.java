package netcompress.jobs.search;

/**
 * One finished run of one candidate, as the search folder records it (so a rerun keeps it).
 *
 * @param round              0-based successive-halving round; {@link #FULL} for the winner's full run
 * @param validationAccuracy best validation accuracy of the run (after pruning and fine-tuning on the prune route)
 * @param parameters         of the model the run ends with (pruned on the prune route)
 * @param model              the run's final model, relative to the search folder
 */
public record ProxyResult(String id, int round, int epochs, double validationAccuracy, double seconds, long parameters, long macs,
                          double latencyBatch1Ms, double latencyBatch64Ms, String model) {
    public static final int FULL = -1;
}
