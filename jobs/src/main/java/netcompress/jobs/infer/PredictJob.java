package netcompress.jobs.infer;

import netcompress.io.AtomicFiles;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.predict.ClusterInference;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.progress.Progress;
import netcompress.runtime.submission.LogitsWriter;
import netcompress.runtime.submission.SubmissionWriter;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code netcompress predict} as a job: every image of a folder through the models (here, or on a cluster), the
 * Kaggle submission {@code Id,Category} written, and the raw logits when asked. The outputs are claimed before any
 * image is decoded; nothing is written when the run fails.
 */
public final class PredictJob {
    /**
     * @param logits  where the raw logits go too (.npy or .csv), or null
     * @param cluster the cluster to run on with {@code master} (the spark module's), or null to run here
     */
    public record Options(FolderInference.Request request, Path images, Path out, Path logits, boolean force, ClusterInference cluster,
                          String master) {
    }

    private PredictJob() {
    }

    /** {@code warnings}: ignored files, decoder warnings, fallbacks, one line each. */
    public static Predictions run(Options o, Progress progress, Consumer<String> warnings) {
        AtomicFiles.checkWritable(o.out(), o.force());
        if (o.logits() != null) {
            LogitsWriter.checkName(o.logits());
            AtomicFiles.checkWritable(o.logits(), o.force());
        }
        ImageFolder folder = ImageFolder.scan(o.images(), false);
        warnIgnored(folder, warnings);
        Predictions p = (o.cluster() == null
                ? FolderInference.run(o.request(), folder.items(), progress, warnings, warnings)
                : o.cluster().run(o.master(), o.request(), folder.items(), warnings, warnings)).predictions();
        SubmissionWriter.write(o.out(), o.force(), p);
        if (o.logits() != null) {
            LogitsWriter.write(o.logits(), o.force(), p);
        }
        return p;
    }

    /** The one line saying which files torchvision's ImageFolder would not list either. */
    static void warnIgnored(ImageFolder folder, Consumer<String> warnings) {
        if (!folder.ignored().isEmpty()) {
            warnings.accept("note: ignored " + folder.ignored().size() + " file(s) that torchvision's ImageFolder would not list, e.g. "
                    + folder.ignored().get(0));
        }
    }
}
