package netcompress.pruner;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.shape.ShapeInference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Channel pruning of an ONNX model to a parameter budget, a MACs budget, or both (the module's entry point). Shapes and
 * counts are lenient: ops outside the shape inference set are barriers, not errors.
 */
public final class ChannelPruner {
    private ChannelPruner() {
    }

    public static PruneResult prune(ModelProto model, PruneOptions options) {
        refuseQuantized(model);
        ParameterReport before = ParameterCount.of(model, ShapeInference.Mode.LENIENT);
        long target = options.targetFor(before.parameters());
        List<PruneSchedule.Round> schedule = PruneSchedule.rounds(before, options, options.steps());
        List<String> notes = new ArrayList<>();
        List<Barrier> barriers = null;
        List<PruneResult.Step> steps = new ArrayList<>();
        ModelProto current = model;
        for (int k = 0; k < schedule.size(); k++) {
            ChannelDependencies deps = ChannelDependencies.analyze(current, options.protect());
            if (barriers == null) {
                barriers = deps.barriers();
            }
            double[] importance = Importance.of(deps, options.criterion(), options.seed() + k, options.scores(), k == 0 ? notes : new ArrayList<>());
            PruneSchedule.Round round = schedule.get(k);
            PruningPlanner.Plan plan = PruningPlanner.plan(deps, importance, new PruningPlanner.Limits(round.parameters(), round.macs()),
                    options.minChannels(), options.roundTo());
            if (plan.groupsRemoved() > 0) {
                current = GraphSurgeon.apply(deps, plan.removed());
            }
            steps.add(new PruneResult.Step(round.parameters(), plan.parametersBefore(), plan.parametersAfter(), plan.groupsRemoved(),
                    plan.macsAfter()));
        }
        ParameterReport after = ParameterCount.of(current, ShapeInference.Mode.LENIENT);
        long planned = steps.get(steps.size() - 1).parametersAfter();
        if (after.parameters() != planned) {
            throw new IllegalStateException("the pruning plan counted " + planned + " parameters but the pruned graph has " + after.parameters());
        }
        long plannedMacs = steps.get(steps.size() - 1).macsAfter();
        if (after.macsPerImage() != plannedMacs) {
            throw new IllegalStateException("the pruning plan counted " + plannedMacs + " MACs but the pruned graph has " + after.macsPerImage());
        }
        return new PruneResult(current, before, after, target, List.copyOf(steps), barriers, List.copyOf(notes), options.budgetMacs());
    }

    /**
     * Removes exactly the given channel groups (ids from {@link ChannelDependencies#groupOf}); for
     * tools and tests that choose channels themselves.
     */
    public static ModelProto remove(ChannelDependencies deps, Collection<Integer> groups) {
        boolean[] removed = new boolean[deps.elementCount()];
        for (int g : groups) {
            if (deps.root(g) != g) {
                throw new IllegalArgumentException(g + " is not a channel group id");
            }
            if (deps.isPinned(g)) {
                throw new IllegalArgumentException("channel group " + g + " is pinned (it reaches an output, a barrier or a protected node)");
            }
            removed[g] = true;
        }
        int[] chosen = groups.stream().mapToInt(Integer::intValue).toArray();
        if (!new ParameterLedger(deps).keepsMinimum(chosen, 1)) {
            throw new IllegalArgumentException("removing these channel groups would empty a tensor");
        }
        return GraphSurgeon.apply(deps, removed);
    }

    /** Channels of an int8 model live behind DequantizeLinear nodes with per-channel scales: cut the float model, then quantize it. */
    private static void refuseQuantized(ModelProto model) {
        for (NodeProto n : model.getGraph().getNodeList()) {
            String op = n.getOpType();
            if (op.equals("QuantizeLinear") || op.equals("DequantizeLinear") || op.startsWith("QLinear")) {
                throw new BadInputException("the model is quantized (" + op + " nodes); prune the float model, then quantize the result");
            }
        }
    }
}
