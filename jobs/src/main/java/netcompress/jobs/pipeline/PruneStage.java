package netcompress.jobs.pipeline;

import netcompress.jobs.prune.PruneJob;
import netcompress.jobs.prune.TaylorScoring;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.pruner.Criterion;
import netcompress.pruner.PruneOptions;
import netcompress.pruner.PruneResult;
import netcompress.pruner.PruneTable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prunes the distilled student to the budget, when it is over it. */
final class PruneStage implements Stage {
    @Override
    public String name() {
        return "prune";
    }

    @Override
    public boolean applies(PipelineContext ctx) {
        return ParameterCount.of(OnnxModels.read(student(ctx))).parameters() > ctx.settings().budget();
    }

    static Path student(PipelineContext ctx) {
        return ctx.file(String.valueOf(ctx.metric("distill", "model")));
    }

    @Override
    public Result run(PipelineContext ctx) {
        PipelineSettings s = ctx.settings();
        Path out = ctx.file("pruned.onnx");
        Criterion criterion = Criterion.parse(s.criterion());
        Map<String, float[][]> scores = null;
        if (criterion == Criterion.TAYLOR) {
            // data-aware importance: gradients of the distillation loss on the run's training images
            scores = TaylorScoring.scores(student(ctx), ctx.dataRoot(), TeacherStage.teacherPath(ctx), 512, s.seed(), s.workers(), ctx::log);
        }
        PruneOptions o = new PruneOptions(s.budget(), null, criterion, s.seed(), 1, 1, List.of(), 1, null, scores);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PruneResult r;
        try (PrintStream log = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            r = PruneJob.run(student(ctx), out, o, false, true, log);
        }
        buf.toString(StandardCharsets.UTF_8).lines().forEach(ctx::log);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "pruned.onnx");
        m.put("criterion", s.criterion());
        m.put("parameters before", r.before().parameters());
        m.put("parameters after", r.after().parameters());
        m.put("budget", s.budget());
        m.put("channel groups removed", r.channelGroupsRemoved());
        List<List<Object>> rows = new ArrayList<>();
        for (PruneTable.Row row : PruneTable.rows(r.before(), r.after())) {
            rows.add(List.of(row.node(), row.op(), row.channelsBefore(), row.channelsAfter(), row.paramsBefore(), row.paramsAfter()));
        }
        m.put("tables", Map.of("Per-layer parameters before and after pruning",
                Map.of("columns", List.of("node", "op", "channels before", "channels after", "params before", "params after"), "rows", rows)));
        return new Result(List.of("pruned.onnx"), m);
    }
}
