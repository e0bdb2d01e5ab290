package netcompress.jobs.prune;

import netcompress.onnx.io.OnnxModels;
import netcompress.trainer.importance.TaylorScores;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Data-aware channel importance for the pruner's taylor criterion: |w x grad| of the distillation loss (the
 * cross-entropy without a teacher) summed over training images, measured by the trainer. The one set-up that
 * {@code prune --criterion taylor} and the pipeline's prune stage share.
 */
public final class TaylorScoring {
    /** Images per gradient batch. */
    private static final int BATCH = 64;

    private TaylorScoring() {
    }

    /** The scores of {@code model}'s weights over {@code images} images of {@code data}, logged as one line. */
    public static Map<String, float[][]> scores(Path model, Path data, Path teacher, int images, long seed, int workers, Consumer<String> log) {
        TaylorScores.Result r = TaylorScores.compute(OnnxModels.read(model), data, teacher, images, BATCH, seed, workers);
        log.accept(r.describe());
        return r.scores();
    }
}
