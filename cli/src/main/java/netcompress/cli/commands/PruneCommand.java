package netcompress.cli.commands;

import netcompress.cli.FlagNames;
import netcompress.errors.BadInputException;
import netcompress.jobs.prune.IterativePruneJob;
import netcompress.jobs.prune.PruneJob;
import netcompress.jobs.prune.TaylorScoring;
import netcompress.pruner.Criterion;
import netcompress.pruner.PruneOptions;
import netcompress.jobs.train.JobOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** Dependency-aware channel pruning of an ONNX model to a parameter budget. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove whole channels (every coupled tensor edited together) until the parameter count (and with --budget-macs the MACs per image) is at most the budget.",
                "The result is checked by the model checker and run in ONNX Runtime before it is written."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:pruned (or dry run)", "1:the budget cannot be met; nothing written", "2:bad input", "3:internal error"})
public final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "IN.onnx", description = "Model to prune.")
    Path model;

    @Option(names = "--out", paramLabel = "OUT.onnx", description = "Where to write the pruned model (required unless --dry-run).")
    Path out;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target = new Target();

    @Option(names = "--budget-macs", paramLabel = "N",
            description = "MACs per image at most N (Conv, Gemm and MatMul, as inspect counts them); alone or with --budget/--ratio, when every budget must hold.")
    Long budgetMacs;

    static final class Target {
        @Option(names = "--budget", paramLabel = "N", description = "Parameter budget (torchsummary's Total params), e.g. 100000.")
        Long budget;

        @Option(names = "--ratio", paramLabel = "R", description = "Keep this fraction of the current parameters (0 < R <= 1), instead of --budget.")
        Double ratio;
    }

    @Option(names = "--criterion", defaultValue = "l1", paramLabel = "C",
            description = "Channel importance: l1, l2, bn-scale or random (default ${DEFAULT-VALUE}).")
    String criterion;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of --criterion random (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--min-channels", defaultValue = "1", paramLabel = "N", description = "Keep at least N channels in every layer (default ${DEFAULT-VALUE}).")
    int minChannels;

    @Option(names = "--round-to", defaultValue = "1", paramLabel = "N", description = "Keep channel counts multiples of N (default ${DEFAULT-VALUE}).")
    int roundTo;

    @Option(names = "--protect", paramLabel = "NODE", description = "Never remove this node's output channels (repeatable; node name or output tensor).")
    List<String> protect = new ArrayList<>();

    @Option(names = "--steps", defaultValue = "1", paramLabel = "K",
            description = "Prune in K rounds of geometrically shrinking budgets, re-measuring importance each round (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--finetune-epochs", defaultValue = "0", paramLabel = "E",
            description = "After each of the --steps rounds, fine-tune E epochs (distill --init with --teacher, else train --init) on --data; "
                    + "the rounds' models stay in OUT.steps/ (default ${DEFAULT-VALUE}: no fine-tuning).")
    int finetuneEpochs;

    @Option(names = "--data", paramLabel = "DIR", description = "With --finetune-epochs or --criterion taylor: the training data root.")
    Path data;

    @Option(names = "--teacher", paramLabel = "TEACHER.onnx",
            description = "With --finetune-epochs: distill from this teacher (repeatable: an ensemble); with --criterion taylor the gradients are of the KD loss on the first one's logits.")
    List<Path> teachers = new ArrayList<>();

    @Option(names = "--finetune-arg", paramLabel = "ARG",
            description = "With --finetune-epochs: one more option for the fine-tune command, e.g. --finetune-arg=--lr=0.0003 (repeatable).")
    List<String> finetuneArgs = new ArrayList<>();

    @Option(names = "--taylor-images", defaultValue = "512", paramLabel = "N",
            description = "--criterion taylor: training images the gradients are summed over (default ${DEFAULT-VALUE}).")
    int taylorImages;

    @Option(names = "--dry-run", description = "Print the plan (per-layer table) without writing.")
    boolean dryRun;

    @Option(names = "--force", description = "Overwrite --out if it exists.")
    boolean force;

    @Override
    public Integer call() {
        Criterion c = Criterion.parse(criterion);
        Function<Path, Map<String, float[][]>> scorer = c == Criterion.TAYLOR ? this::taylor : m -> null;
        if (finetuneEpochs > 0) {
            if (dryRun) {
                throw new BadInputException("--dry-run does not fine-tune; leave out --finetune-epochs to see the plan");
            }
            JobOptions fineTune = fineTuneOptions();
            IterativePruneJob.run(model, out, options(c, 1, null), steps, fineTune, scorer, System.out);
            return 0;
        }
        if (c != Criterion.TAYLOR && (data != null || !teachers.isEmpty()) || !finetuneArgs.isEmpty()) {
            throw new BadInputException("--data and --teacher are for --finetune-epochs E or --criterion taylor; --finetune-arg for --finetune-epochs");
        }
        PruneJob.run(model, out, options(c, steps, scorer.apply(model)), dryRun, force, System.out);
        return 0;
    }

    private PruneOptions options(Criterion c, int k, Map<String, float[][]> scores) {
        return new PruneOptions(target.budget, target.ratio, c, seed, minChannels, roundTo, protect, k, budgetMacs,
                c == Criterion.TAYLOR && scores == null ? Map.of() : scores);
    }

    /**
     * What every round's fine-tune runs: {@code distill} (with --teacher) or {@code train}, from the round's pruned
     * model, its options parsed as that command parses them, with its defaults, plus --finetune-arg.
     */
    private JobOptions fineTuneOptions() {
        if (out == null || data == null) {
            throw new BadInputException("--finetune-epochs needs --data (the training images) and --out");
        }
        if (Files.exists(out) && !force) {
            throw new BadInputException(out + " exists; pass --force to overwrite it");
        }
        Path work = IterativePruneJob.stepsFolder(out);
        if (Files.exists(work) && !force) {
            throw new BadInputException(work + " exists (the rounds of an earlier run); pass --force to overwrite it");
        }
        // --init is the round's pruned model, set per round; the input stands in for it while the options are parsed
        List<String> args = new ArrayList<>(List.of("--init", model.toString(), "--data", data.toString(), "--epochs",
                Integer.toString(finetuneEpochs), "--out", out.toString(), "--force"));
        for (Path t : teachers) {
            args.add("--teacher");
            args.add(t.toString());
        }
        args.addAll(finetuneArgs);
        return TrainingRecipe.parse(args, !teachers.isEmpty(), "--finetune-arg");
    }

    /** w x grad of the model's weights per round of --taylor-images training images, through the trainer. */
    private Map<String, float[][]> taylor(Path m) {
        if (data == null) {
            throw new BadInputException("--criterion taylor needs --data: the gradients are measured on training images");
        }
        return TaylorScoring.scores(m, data, teachers.isEmpty() ? null : teachers.get(0), taylorImages, seed,
                Runtime.getRuntime().availableProcessors(), FlagNames.printer(spec, System.out));
    }
}
