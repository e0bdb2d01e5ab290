package netcompress.jobs.pipeline;

import netcompress.jobs.infer.EvalJob;
import netcompress.runtime.eval.Evaluation;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.progress.Progress;
import netcompress.trainer.data.DataRoot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validation accuracy of the final model through ONNX Runtime, against the majority-class guess. */
final class EvaluateStage implements Stage {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public Result run(PipelineContext ctx) {
        Path model = ctx.file("final.onnx");
        EvalJob.Outcome o = EvalJob.run(new EvalJob.Options(Inference.request(ctx, model), DataRoot.layout(ctx.dataRoot()).validation(), null,
                ctx.file("confusion.png"), true), Progress.silent(), ctx::log);
        Evaluation e = o.evaluation();
        Predictions p = o.predictions();
        int[] truth = p.items().stream().mapToInt(i -> i.label()).toArray();
        int[] perClass = new int[e.classNames().size()];
        for (int t : truth) {
            perClass[t]++;
        }
        int majority = 0;
        for (int c : perClass) {
            majority = Math.max(majority, c);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("validation accuracy", e.accuracy());
        m.put("majority-class accuracy", truth.length == 0 ? 0.0 : (double) majority / truth.length);
        m.put("validation images", truth.length);
        m.put("inference images/s", p.stats().imagesPerSecond());
        m.put("device", p.stats().device());
        List<List<Object>> rows = new ArrayList<>();
        for (int k = 0; k < e.classNames().size(); k++) {
            rows.add(List.of(e.classNames().get(k), e.classAccuracy(k)));
        }
        m.put("tables", Map.of("Per-class validation accuracy", Map.of("columns", List.of("class", "accuracy"), "rows", rows)));
        m.put("images", Map.of("Confusion matrix (validation)", "confusion.png"));
        ctx.log(String.format("validation accuracy %.2f%% (majority-class guess %.2f%%)", 100 * e.accuracy(), 100.0 * majority / Math.max(1, truth.length)));
        return new Result(List.of("confusion.png"), m);
    }
}
