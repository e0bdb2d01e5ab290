package netcompress.jobs.pipeline;

import netcompress.jobs.search.SearchJob;
import netcompress.jobs.search.SearchOptions;
import netcompress.jobs.train.JobOptions;
import netcompress.trainer.zoo.ModelZoo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * With {@code student: auto}, the student is searched for instead of given: candidates of every student family under
 * the budget (and at 1.25x it, for the prune stage), proxy distillations ranked on validation accuracy, no full run
 * (the distill stage is it). The winner's model is what the distill stage trains.
 */
final class SearchStage implements Stage {
    static final String AUTO = "auto";

    @Override
    public String name() {
        return "search";
    }

    @Override
    public boolean applies(PipelineContext ctx) {
        return AUTO.equals(ctx.settings().student());
    }

    /** Share of the training images a proxy run sees. */
    static final double PROXY_SHARE = 0.5;

    /**
     * Epochs of the first proxy round: a sixth of the distillation's, at least 2, never more than it. With every
     * candidate of the built-in demo distilled in full (6 epochs, `bench/search_rank.sh`), 2-epoch proxies on half the
     * images ranked them like the full runs with Spearman 0.88 (0.90 against test accuracy), 1-epoch ones with 0.73
     * (0.78 on every image, for more time than 2 epochs on half): the search's rounds start at 2 epochs.
     */
    static int proxyEpochs(int studentEpochs) {
        return Math.min(studentEpochs, Math.max(2, studentEpochs / 6));
    }

    /** The student the distill stage trains: the search's winner, or the one the settings name. */
    static String student(PipelineContext ctx) {
        Object won = ctx.metric("search", "winner");
        return won != null ? String.valueOf(won) : ctx.settings().student();
    }

    @Override
    public Result run(PipelineContext ctx) {
        PipelineSettings s = ctx.settings();
        JobOptions recipe = TrainingRuns.options(ctx, null, null, TeacherStage.teacherPath(ctx), ctx.file("search/recipe.onnx"), s.studentEpochs());
        List<String> families = ModelZoo.FAMILIES.stream().filter(f -> f.role().equals("student")).map(ModelZoo.Family::name).toList();
        SearchOptions o = new SearchOptions(recipe, s.budget(), null, null, families, List.of(), proxyEpochs(s.studentEpochs()), PROXY_SHARE, 3, 0,
                s.finetuneEpochs(), null, ctx.file("search"), false);
        SearchJob.Outcome r = SearchJob.run(o, ctx::log);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("winner", r.winner().model());
        m.put("route", r.winner().route().cliName());
        m.put("candidates", r.rows().size());
        m.put("winner proxy validation accuracy", r.winnerResult().validationAccuracy());
        m.put("search report", ctx.runDir().relativize(r.report()).toString());
        return new Result(List.of("search/report.html", "search/candidates.csv"), m);
    }
}
