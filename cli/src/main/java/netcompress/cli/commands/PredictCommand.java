package netcompress.cli.commands;

import netcompress.cli.FlagNames;
import netcompress.errors.BadInputException;
import netcompress.jobs.infer.PredictJob;
import netcompress.runtime.loading.BadImage;
import netcompress.runtime.predict.ClusterInference;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes the Kaggle submission for a test folder (and optionally the raw logits). */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify every image of a folder and write the submission CSV (Id,Category).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written", "1:over --budget", "2:bad input (bad images, model, usage)", "3:internal error"})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InferenceOptions run;

    @Option(names = "--images", required = true, paramLabel = "DIR", converter = ImagesLocation.class,
            description = "Test folder (or its file: URI): class subfolders (e.g. food-11/testing with 00/) or images directly.")
    Path images;

    @Option(names = "--out", defaultValue = "predict.csv", description = "Submission file (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--logits", paramLabel = "FILE", description = "Also write raw logits: .npy [images, classes] or .csv.")
    Path logits;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run on Apache Spark: local[N] (N tasks on this machine; "
            + "local[N,F] retries a failed task F-1 times) or a master URL. Same CSV as without it; needs the Spark part, which "
            + "./netcompress builds and loads only when this option is given (spark/README.md).")
    String spark;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        FolderInference.Request request = run.request(run.predictorOptions());
        Predictions p = PredictJob.run(new PredictJob.Options(request, images, out, logits, force, spark == null ? null : cluster(), spark),
                Progress.forStream(err, "predict"), FlagNames.printer(spec, err));
        for (BadImage b : p.bad()) {
            err.println("skipped " + b);
        }
        System.out.println("wrote " + out + " (" + (p.items().size() - p.bad().size()) + " rows"
                + (p.bad().isEmpty() ? "" : ", " + p.bad().size() + " bad images skipped") + ")"
                + (logits != null ? " and " + logits : ""));
        System.out.println(p.stats().summary());
        return 0;
    }

    private static ClusterInference cluster() {
        ClusterInference c = ClusterInference.find();
        if (c == null) {
            throw new BadInputException("--spark needs the Spark part (the spark module) on the classpath: run predict through "
                    + "./netcompress, which builds and loads it for --spark, or submit netcompress.cli.SparkSubmit with spark-submit");
        }
        return c;
    }
}
