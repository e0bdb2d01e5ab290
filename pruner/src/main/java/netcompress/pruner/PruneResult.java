package netcompress.pruner;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.count.ParameterReport;

import java.util.List;

/**
 * The pruned model and what happened to it.
 *
 * @param steps    one entry per round (one unless --steps)
 * @param barriers nodes the pruner could not reason about (their channels stayed)
 * @param notes    remarks worth printing (criterion fallbacks)
 * @param budget   the parameter budget (Long.MAX_VALUE when only MACs were limited)
 * @param budgetMacs the MACs-per-image budget, or null
 */
public record PruneResult(ModelProto model, ParameterReport before, ParameterReport after, long budget,
                          List<Step> steps, List<Barrier> barriers, List<String> notes, Long budgetMacs) {

    /** One pruning round: its budget, the exact counts before and after, channel groups removed, MACs after. */
    public record Step(long budget, long parametersBefore, long parametersAfter, int channelGroupsRemoved, long macsAfter) {
    }

    /** True when every budget given holds and the count is no more than 1% under one of them. */
    public boolean withinOnePercent() {
        boolean params = budget != Long.MAX_VALUE;
        boolean macs = budgetMacs != null;
        boolean fits = (!params || after.parameters() <= budget) && (!macs || after.macsPerImage() <= budgetMacs);
        return fits && (params && after.parameters() >= Math.ceil(budget * 0.99) || macs && after.macsPerImage() >= Math.ceil(budgetMacs * 0.99));
    }

    public int channelGroupsRemoved() {
        return steps.stream().mapToInt(Step::channelGroupsRemoved).sum();
    }
}
