package netcompress.jobs.infer;

import netcompress.io.AtomicFiles;
import netcompress.runtime.eval.ConfusionMatrixImage;
import netcompress.runtime.eval.Evaluation;
import netcompress.runtime.eval.Evaluator;
import netcompress.runtime.eval.Labels;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.progress.Progress;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code netcompress eval} as a job: a labeled folder (class subfolders, or a labels file) through the models, the
 * accuracy and confusion matrix measured, the matrix written as a PNG.
 */
public final class EvalJob {
    /** @param labels a labels file ({@code Id,Category}) for a folder without class subfolders, or null */
    public record Options(FolderInference.Request request, Path data, Path labels, Path confusion, boolean force) {
    }

    /** What was measured, and the predictions it was measured on. */
    public record Outcome(Evaluation evaluation, Predictions predictions) {
    }

    private EvalJob() {
    }

    public static Outcome run(Options o, Progress progress, Consumer<String> warnings) {
        AtomicFiles.checkWritable(o.confusion(), o.force());
        ImageFolder folder = ImageFolder.scan(o.data(), o.labels() == null);
        PredictJob.warnIgnored(folder, warnings);
        int[] truth = o.labels() == null ? folder.items().stream().mapToInt(i -> i.label()).toArray() : Labels.read(o.labels(), folder.items());
        List<String> setClasses = o.labels() == null ? folder.classes() : List.of();
        FolderInference.Result result = FolderInference.run(o.request(), folder.items(), progress, warnings, warnings);
        Predictions p = result.predictions();
        Evaluation e = Evaluator.evaluate(p, truth, setClasses, result.classNames());
        ConfusionMatrixImage.write(o.confusion(), o.force(), e);
        return new Outcome(e, p);
    }
}
