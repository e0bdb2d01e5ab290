package netcompress.jobs.pipeline;

import netcompress.datasets.DatasetLayout;
import netcompress.jobs.infer.PredictJob;
import netcompress.runtime.eval.Evaluation;
import netcompress.runtime.eval.Evaluator;
import netcompress.runtime.eval.Labels;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.progress.Progress;
import netcompress.trainer.data.DataRoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Kaggle submission for the test split; scored too when the data carries test labels (the synthetic set does). */
final class PredictStage implements Stage {
    @Override
    public String name() {
        return "predict";
    }

    /** Only where the data has a test split (the data stage says so at the start when it has none). */
    @Override
    public boolean applies(PipelineContext ctx) {
        return DataRoot.layout(ctx.dataRoot()).test() != null;
    }

    @Override
    public Result run(PipelineContext ctx) {
        Path testFolder = DataRoot.layout(ctx.dataRoot()).test();
        Predictions p = PredictJob.run(new PredictJob.Options(Inference.request(ctx, ctx.file("final.onnx")), testFolder, ctx.file("predict.csv"),
                null, true, null, null), Progress.silent(), ctx::log);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("submission", "predict.csv");
        m.put("test images", p.items().size());
        m.put("inference images/s", p.stats().imagesPerSecond());
        m.put("device", p.stats().device());
        Path labels = DatasetLayout.testLabelsFile(ctx.dataRoot());
        if (Files.isRegularFile(labels)) {
            // a labels file gives class indices, as eval's --labels does
            Evaluation scored = Evaluator.evaluate(p, Labels.read(labels, p.items()), List.of(), Optional.empty());
            m.put("test accuracy (labels file)", scored.accuracy());
        }
        ctx.log(p.stats().summary());
        return new Result(List.of("predict.csv"), m);
    }
}
