package netcompress.cli.commands;

import netcompress.errors.BudgetExceededException;
import netcompress.io.AtomicFiles;
import netcompress.runtime.eval.ConfusionMatrixImage;
import netcompress.runtime.eval.Evaluation;
import netcompress.runtime.eval.Evaluator;
import netcompress.runtime.eval.Labels;
import netcompress.runtime.loading.BadImage;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Accuracy, per-class accuracy and a confusion matrix on a labeled set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model (or ensemble) on a labeled folder: class subfolders, or a test folder plus --labels.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:evaluated", "1:below --min-accuracy or over --budget", "2:bad input", "3:internal error"})
public final class EvalCommand implements Callable<Integer> {
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
        AtomicFiles.checkWritable(confusion, force);
        Predictor.Options options = run.predictorOptions();
        ImageFolder folder = ImageFolder.scan(data, labels == null);
        PredictCommand.warnIgnored(folder, err);
        int[] truth = labels == null ? folder.items().stream().mapToInt(i -> i.label()).toArray() : Labels.read(labels, folder.items());
        List<String> setClasses = labels == null ? folder.classes() : List.of();
        FolderInference.Result result = FolderInference.run(run.request(options), folder.items(), Progress.forStream(err, "eval"),
                err::println, err::println);
        Predictions p = result.predictions();
        for (BadImage b : p.bad()) {
            err.println("skipped " + b);
        }
        Evaluation e = Evaluator.evaluate(p, truth, setClasses, result.classNames());
        System.out.print(e.report());
        ConfusionMatrixImage.write(confusion, force, e);
        System.out.println("confusion matrix written to " + confusion);
        System.out.println(p.stats().summary());
        if (minAccuracy != null && e.accuracy() < minAccuracy) {
            throw new BudgetExceededException(String.format(Locale.ROOT, "accuracy %.4f is below --min-accuracy %.4f", e.accuracy(), minAccuracy));
        }
        return 0;
    }
}
