package netcompress.runtime.predict;

import netcompress.runtime.loading.ImageItem;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.progress.Progress;
import netcompress.runtime.session.SessionSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one call for "run these models over these images": open the sessions, optionally report and
 * check the parameter budget, run the batched decode-and-infer pipeline, close. {@code predict},
 * {@code eval} and the pipeline all come through here, so they cannot drift apart.
 */
public final class FolderInference {
    /**
     * @param checkBudget whether to report the count and enforce {@code budget} (null: warn above the
     *                    assignment's 100,000); the pipeline checks its own final model instead
     * @param reducedDecode reduced-size JPEG decoding (off: {@code --full-decode})
     */
    public record Request(List<Path> models, SessionSettings session, PreprocessOverrides overrides, Predictor.Options options,
                          boolean reducedDecode, boolean checkBudget, Long budget) {
    }

    /** The logits, and the first model's class names (for eval's report). */
    public record Result(Predictions predictions, Optional<List<String>> classNames) {
    }

    private FolderInference() {
    }

    public static Result run(Request r, List<ImageItem> items, Progress progress, Consumer<String> info, Consumer<String> warnings) {
        try (ModelSet models = ModelSet.open(r.models(), r.session(), r.overrides(), warnings)) {
            if (r.checkBudget()) {
                models.checkBudget(r.budget(), info, warnings);
            }
            Predictor predictor = new Predictor(models.models(), r.options(), progress, warnings);
            predictor.setReducedDecode(r.reducedDecode());
            Predictions p = predictor.run(items);
            return new Result(p, models.models().get(0).classNames());
        }
    }
}
