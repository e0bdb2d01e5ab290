package netcompress.pipeline;

import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.runtime.eval.ConfusionMatrixImage;
import netcompress.runtime.eval.Evaluation;
import netcompress.runtime.eval.Evaluator;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.predict.Predictions;
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
        ImageFolder val = ImageFolder.scan(DataRoot.layout(ctx.dataRoot()).validation(), true);
        Predictions p = Inference.run(ctx, model, val);
        int[] truth = val.items().stream().mapToInt(i -> i.label()).toArray();
        Evaluation e = Evaluator.evaluate(p, truth, val.classes(), ModelMetadata.classNames(OnnxModels.read(model)));
        ConfusionMatrixImage.write(ctx.file("confusion.png"), true, e);
        int[] perClass = new int[val.classes().size()];
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
