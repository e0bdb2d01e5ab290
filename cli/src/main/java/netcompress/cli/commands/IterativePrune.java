package netcompress.cli.commands;

import netcompress.errors.BadInputException;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.shape.ShapeInference;
import netcompress.pruner.PruneJob;
import netcompress.pruner.PruneOptions;
import netcompress.pruner.PruneSchedule;
import picocli.CommandLine;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code prune --steps K --finetune-epochs E --data D [--teacher T]}: K rounds of pruning to geometrically shrinking
 * budgets, each followed by E epochs of fine-tuning, so iterative pruning needs no hand-made loop. The fine-tune is
 * the {@code distill} command itself ({@code train} without a teacher) with {@code --init} the round's pruned model:
 * its defaults, options and provenance are that command's. Each round's models stay in {@code OUT.steps/}
 * (prune-K.onnx, finetune-K.onnx); the last fine-tuned model is written to OUT.
 */
final class IterativePrune {
    private IterativePrune() {
    }

    /**
     * @param options the budgets and criterion; its steps are ignored for {@code steps}
     * @param scorer  elementwise scores of a model for the taylor criterion, measured again each round (null otherwise)
     */
    static void run(Path model, Path out, PruneOptions options, int steps, int epochs, Path data, List<Path> teachers, List<String> extra,
                    boolean force, java.util.function.Function<Path, java.util.Map<String, float[][]>> scorer, PrintStream log) {
        if (out == null || data == null) {
            throw new BadInputException("--finetune-epochs needs --data (the training images) and --out");
        }
        if (Files.exists(out) && !force) {
            throw new BadInputException(out + " exists; pass --force to overwrite it");
        }
        Path work = out.resolveSibling(out.getFileName() + ".steps");
        if (Files.exists(work) && !force) {
            throw new BadInputException(work + " exists (the rounds of an earlier run); pass --force to overwrite it");
        }
        ParameterReport before = ParameterCount.of(OnnxModels.read(model), ShapeInference.Mode.LENIENT);
        long target = options.targetFor(before.parameters());
        List<PruneSchedule.Round> schedule = PruneSchedule.rounds(before.parameters(), target, before.macsPerImage(),
                options.budgetMacs() != null ? options.budgetMacs() : Long.MAX_VALUE, steps);
        try {
            Files.createDirectories(work);
        } catch (java.io.IOException e) {
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
            log.printf("Round %d of %d: fine-tune %d epochs%n", k + 1, rounds, epochs);
            finetune(pruned, tuned, epochs, data, teachers, extra);
            current = tuned;
        }
    }

    private static Long limit(long value) {
        return value == Long.MAX_VALUE ? null : value;
    }

    /** {@code distill --init pruned} (or {@code train --init} without a teacher), parsed by picocli with its own defaults. */
    private static void finetune(Path pruned, Path out, int epochs, Path data, List<Path> teachers, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--init", pruned.toString(), "--data", data.toString(), "--epochs", Integer.toString(epochs),
                "--out", out.toString(), "--force"));
        for (Path t : teachers) {
            args.add("--teacher");
            args.add(t.toString());
        }
        args.addAll(extra);
        Object command = teachers.isEmpty() ? new TrainCommand() : new DistillCommand();
        CommandLine cl = new CommandLine(command);
        try {
            cl.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException("--finetune-arg: " + e.getMessage());
        }
        try {
            ((java.util.concurrent.Callable<?>) command).call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
