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
 */
public record PruneResult(ModelProto model, ParameterReport before, ParameterReport after, long budget,
                          List<Step> steps, List<Barrier> barriers, List<String> notes) {

    /** One pruning round: its budget, the exact counts before and after, and channel groups removed. */
    public record Step(long budget, long parametersBefore, long parametersAfter, int channelGroupsRemoved) {
    }

    /** True when the count is at most the budget and no more than 1% under it. */
    public boolean withinOnePercent() {
        return after.parameters() <= budget && after.parameters() >= Math.ceil(budget * 0.99);
    }

    public int channelGroupsRemoved() {
        return steps.stream().mapToInt(Step::channelGroupsRemoved).sum();
    }
}
