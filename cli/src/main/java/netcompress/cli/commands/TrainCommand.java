package netcompress.cli.commands;

import netcompress.cli.FlagNames;
import netcompress.cli.Main;
import netcompress.errors.BadInputException;
import netcompress.jobs.ArtifactWriter;
import netcompress.jobs.train.JobOptions;
import netcompress.jobs.train.TrainingJob;
import netcompress.trainer.engine.TorchEngine;
import netcompress.trainer.loss.KdMethod;
import netcompress.trainer.teacher.TeacherPrecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code netcompress train}: supervised training of a zoo model or an existing graph. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model (a zoo name such as resnet18 or mbv2:0.5, or --init FILE.onnx) on a data root.",
                "Writes OUT (best-on-validation model, with preprocessing and class names), OUT-stem .csv/.png/.ckpt.",
                "Data roots: the assignment's food-11 layout, train/ + val/ ImageFolders, or Fashion-MNIST's IDX files."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The options train and distill share. */
    public static final class Common {
        @Option(names = "--data", required = true, description = "Data root.")
        Path data;
        @Option(names = "--out", required = true, description = "Output .onnx file.")
        Path out;
        @Option(names = "--init", description = "Start from this ONNX graph (e.g. a pruned model) instead of a zoo model.")
        Path init;
        @Option(names = "--epochs", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--size", description = "Input side in pixels (default: the --init model's fixed input side; else 142, or the images' own side when smaller, e.g. 28 for Fashion-MNIST).")
        Integer size;
        @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
        double lr;
        @Option(names = "--weight-decay", description = "Weight decay (default: 0 adam, 0.01 adamw, 5e-4 sgd).")
        Double weightDecay;
        @Option(names = "--optimizer", defaultValue = "adam", description = "adam, adamw or sgd (default: ${DEFAULT-VALUE}).")
        String optimizer;
        @Option(names = "--warmup", defaultValue = "1", description = "Linear warm-up epochs before the cosine decay (default: ${DEFAULT-VALUE}).")
        double warmup;
        @Option(names = "--min-lr", defaultValue = "0.01", description = "Final learning rate as a fraction of --lr (default: ${DEFAULT-VALUE}).")
        double minLr;
        @Option(names = "--seed", defaultValue = "0", description = "Seed for initialisation, data order and augmentation (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--workers", defaultValue = "2", description = "Threads preparing batches (default: ${DEFAULT-VALUE}).")
        int workers;
        @Option(names = "--threads", description = "libtorch threads (default: all cores).")
        Integer threads;
        @Option(names = "--augment", description = "none, light or standard (default: light for images of at most 32 px such as Fashion-MNIST, standard for photos, without colour jitter when grey).")
        String augment;
        @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or cuda[:N] (default: ${DEFAULT-VALUE}); CUDA needs a CUDA libtorch (trainer/README.md).")
        String device;
        @Option(names = "--resume", description = "Continue from the checkpoint beside --out after a kill.")
        boolean resume;
        @Option(names = "--force", description = "Overwrite existing outputs.")
        boolean force;
        @Option(names = "--no-test-report",
                description = "Skip evaluating the best model on the data root's labeled test split (Fashion-MNIST's t10k; never trained on).")
        boolean noTestReport;

        void applyThreads() {
            TorchEngine.configure(threads, Main.verbose());
        }

        JobOptions toOptions(String model, List<Path> teachers, String method, double alpha, double t, double dkdAlpha, double dkdBeta,
                             String unlabeled, double threshold, int teacherThreads, String teacherPrecision, Double labeledShare,
                             String teacherTargets) {
            KdMethod m = KdMethod.of(method);
            if (m == null) {
                throw new BadInputException("--method must be kd or dkd, got " + method);
            }
            TeacherPrecision precision = TeacherPrecision.of(teacherPrecision);
            if (precision == null) {
                throw new BadInputException("--teacher-precision must be fp32 or int8, got " + teacherPrecision);
            }
            return new JobOptions(model, init, data, out, epochs, batch, size, lr, weightDecay, optimizer, warmup, minLr, seed, workers, augment,
                    device, resume, force, teachers, m, alpha, t, dkdAlpha, dkdBeta, unlabeled, threshold, teacherThreads, !noTestReport,
                    precision, labeledShare, teacherTargets, null);
        }
    }

    @Mixin
    Common common;

    @Option(names = "--model", defaultValue = "resnet18", description = "Zoo model, name[:width] (default: ${DEFAULT-VALUE}); see 'netcompress zoo list'.")
    String model;

    @Override
    public Integer call() {
        common.applyThreads();
        JobOptions o = options();
        TrainingJob.run(o, FlagNames.printer(spec, System.out), ArtifactWriter.forTraining(o.init()));
        return 0;
    }

    /** The job these options describe (also the fine-tune of {@code prune --finetune-epochs} without a teacher). */
    JobOptions options() {
        return common.toOptions(model, List.of(), "kd", 0, 1, 0, 0, "none", 1, 0, "fp32", null, null);
    }
}
