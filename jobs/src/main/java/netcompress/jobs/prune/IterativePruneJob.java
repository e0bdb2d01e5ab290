package netcompress.jobs.prune;

import netcompress.errors.BadInputException;
import netcompress.jobs.ArtifactWriter;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.shape.ShapeInference;
import netcompress.pruner.PruneOptions;
import netcompress.pruner.PruneSchedule;
import netcompress.jobs.train.JobOptions;
import netcompress.jobs.train.TrainingJob;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Iterative pruning: K rounds of pruning to geometrically shrinking budgets ({@link PruneSchedule}), each followed by
 * fine-tuning the round's pruned model with the training job (distillation when the settings name a teacher), so
 * iterative pruning needs no hand-made loop. Each round's models stay in {@code OUT.steps/} (prune-K.onnx,
 * finetune-K.onnx); the last fine-tuned model is written to OUT.
 */
public final class IterativePruneJob {
    private IterativePruneJob() {
    }

    /**
     * @param options  the budgets and criterion; its steps are ignored for {@code steps}
     * @param fineTune the training settings of every round's fine-tune; each round sets its init and out
     * @param scorer   elementwise scores of a model for the taylor criterion, measured again each round (null otherwise)
     */
    public static void run(Path model, Path out, PruneOptions options, int steps, JobOptions fineTune,
                           Function<Path, Map<String, float[][]>> scorer, PrintStream log) {
        Path work = stepsFolder(out);
        ParameterReport before = ParameterCount.of(OnnxModels.read(model), ShapeInference.Mode.LENIENT);
        List<PruneSchedule.Round> schedule = PruneSchedule.rounds(before, options, steps);
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new BadInputException("cannot create " + work + ": " + e.getMessage());
        }
        Path current = model;
        int rounds = schedule.size();
        for (int k = 0; k < rounds; k++) {
            PruneSchedule.Round limits = schedule.get(k);
            PruneOptions round = new PruneOptions(limit(limits.parameters()), null, options.criterion(), options.seed() + k,
                    options.minChannels(), options.roundTo(), options.protect(), 1, limit(limits.macs()), scorer.apply(current));
            Path pruned = work.resolve("prune-" + (k + 1) + ".onnx");
            log.printf("Round %d of %d: prune%n", k + 1, rounds);
            PruneJob.run(current, pruned, round, false, true, log);
            Path tuned = k == rounds - 1 ? out : work.resolve("finetune-" + (k + 1) + ".onnx");
            log.printf("Round %d of %d: fine-tune %d epochs%n", k + 1, rounds, fineTune.epochs());
            TrainingJob.run(fineTune.startingFrom(pruned, tuned), log::println, ArtifactWriter.forTraining(pruned));
            current = tuned;
        }
    }

    /** Where the rounds' models go: {@code OUT.steps/} beside OUT. */
    public static Path stepsFolder(Path out) {
        return out.resolveSibling(out.getFileName() + ".steps");
    }

    private static Long limit(long value) {
        return value == Long.MAX_VALUE ? null : value;
    }
}
