package netcompress.cli.commands;

import netcompress.cli.FlagNames;
import netcompress.errors.BudgetExceededException;
import netcompress.jobs.infer.EvalJob;
import netcompress.runtime.eval.Evaluation;
import netcompress.runtime.loading.BadImage;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Accuracy, per-class accuracy and a confusion matrix on a labeled set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model (or ensemble) on a labeled folder: class subfolders, or a test folder plus --labels.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:evaluated", "1:below --min-accuracy or over --budget", "2:bad input", "3:internal error"})
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InferenceOptions run;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Labeled folder (one subfolder per class) or a test folder with --labels.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels for an unlabeled folder: Id,Category CSV or one class index per line.")
    Path labels;

    @Option(names = "--confusion", defaultValue = "confusion.png", description = "Confusion matrix PNG (default ${DEFAULT-VALUE}).")
    Path confusion;

    @Option(names = "--min-accuracy", description = "Exit 1 when accuracy is below this (0..1).")
    Double minAccuracy;

    @Option(names = "--force", description = "Overwrite an existing confusion matrix file.")
    boolean force;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        FolderInference.Request request = run.request(run.predictorOptions());
        EvalJob.Outcome o = EvalJob.run(new EvalJob.Options(request, data, labels, confusion, force), Progress.forStream(err, "eval"), FlagNames.printer(spec, err));
        for (BadImage b : o.predictions().bad()) {
            err.println("skipped " + b);
        }
        Evaluation e = o.evaluation();
        System.out.print(e.report());
        System.out.println("confusion matrix written to " + confusion);
        System.out.println(o.predictions().stats().summary());
        if (minAccuracy != null && e.accuracy() < minAccuracy) {
            throw new BudgetExceededException(String.format(Locale.ROOT, "accuracy %.4f is below --min-accuracy %.4f", e.accuracy(), minAccuracy));
        }
        return 0;
    }
}
