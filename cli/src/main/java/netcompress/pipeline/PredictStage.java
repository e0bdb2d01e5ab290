package netcompress.pipeline;

import netcompress.datasets.DatasetLayout;
import netcompress.runtime.eval.Labels;
import netcompress.runtime.pipeline.ImageFolder;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.submission.SubmissionWriter;
import netcompress.trainer.data.DataRoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        ImageFolder test = ImageFolder.scan(DataRoot.layout(ctx.dataRoot()).test(), false);
        Predictions p = Inference.run(ctx, ctx.file("final.onnx"), test);
        SubmissionWriter.write(ctx.file("predict.csv"), true, p);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("submission", "predict.csv");
        m.put("test images", p.items().size());
        m.put("inference images/s", p.stats().imagesPerSecond());
        m.put("device", p.stats().device());
        Path labels = DatasetLayout.testLabelsFile(ctx.dataRoot());
        if (Files.isRegularFile(labels)) {
            int[] truth = Labels.read(labels, test.items());
            int correct = 0;
            for (int i = 0; i < truth.length; i++) {
                if (p.predicted(i) == truth[i]) {
                    correct++;
                }
            }
            m.put("test accuracy (labels file)", (double) correct / Math.max(1, truth.length));
        }
        ctx.log(p.stats().summary());
        return new Result(List.of("predict.csv"), m);
    }
}
