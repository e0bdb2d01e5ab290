package netcompress.cli.commands;

import netcompress.cli.FlagNames;
import netcompress.errors.BadInputException;
import netcompress.jobs.ArtifactWriter;
import netcompress.jobs.train.JobOptions;
import netcompress.jobs.train.TrainingJob;
import netcompress.trainer.teacher.TeacherTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code netcompress distill}: knowledge distillation from any ONNX teacher into a small student. */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = {"Distill a teacher (any ONNX file, run by ONNX Runtime on the same augmented batch) into a student.",
                "kd: alpha*T^2*KL(softmax(t/T)||softmax(s/T)) + (1-alpha)*CE.  dkd: decoupled KD, CE + T^2*(a*TCKD + b*NCKD)."})
public final class DistillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainCommand.Common common;

    @Option(names = "--student", defaultValue = "studentnet", description = "Zoo student, name[:width] (default: ${DEFAULT-VALUE}); or --init FILE.")
    String student;
    @Option(names = "--teacher", required = true, paramLabel = "TEACHER.onnx",
            description = "Teacher ONNX file; repeat for an ensemble (logits averaged).")
    List<Path> teachers;
    @Option(names = "--method", defaultValue = "kd", description = "kd (Hinton) or dkd (decoupled KD) (default: ${DEFAULT-VALUE}).")
    String method;
    @Option(names = "--alpha", defaultValue = "0.5", description = "kd: weight of the soft term (default: ${DEFAULT-VALUE}).")
    double alpha;
    @Option(names = {"--T", "--temperature"}, defaultValue = "4", description = "Temperature (default: ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--dkd-alpha", defaultValue = "1", description = "dkd: TCKD weight (default: ${DEFAULT-VALUE}).")
    double dkdAlpha;
    @Option(names = "--dkd-beta", defaultValue = "8", description = "dkd: NCKD weight (default: ${DEFAULT-VALUE}).")
    double dkdBeta;
    @Option(names = "--unlabeled", defaultValue = "auto", paramLabel = "USE",
            description = {"How the unlabeled training images are used: soft (every one in the batches with the soft term T^2*KL only; "
                    + "labeled ones get alpha*T^2*KL + (1-alpha)*CE), pseudo (those the teacher labels with confidence >= --threshold join "
                    + "as labeled), both (soft, plus CE on the confident pseudo-labels) or none.",
                    "Default auto: both when the data root has unlabeled images (pseudo with dkd, which needs a label per image), else none; "
                    + "the best measured (bench/RESULTS.md)."})
    String unlabeled;
    @Option(names = "--pseudo-labels", description = "Same as --unlabeled pseudo.")
    boolean pseudoLabels;
    @Option(names = "--labeled-share", paramLabel = "S",
            description = "With unlabeled images in the batches: repeat the labeled ones until they are this share of the training set "
                    + "(0 < S < 1; default: every image once).")
    Double labeledShare;
    @Option(names = "--threshold", defaultValue = "0.9", description = "Pseudo-label confidence threshold (default: ${DEFAULT-VALUE}).")
    double threshold;
    @Option(names = "--teacher-threads", defaultValue = "0", description = "ONNX Runtime threads for the teacher (default: half the cores, as it runs beside the student step).")
    int teacherThreads;
    @Option(names = "--teacher-precision", defaultValue = "fp32",
            description = "fp32, or int8: run a copy of the teacher quantized to int8 (calibrated on 512 augmented training images; "
                    + "about 3x faster on CPUs with int8 dot products; its agreement with the float teacher is printed) (default: ${DEFAULT-VALUE}).")
    String teacherPrecision;
    @Option(names = "--teacher-targets", defaultValue = TeacherTargets.DEFAULT, paramLabel = "HOW",
            description = {"live: the teacher runs on every augmented batch, beside the student step; cached: once on each un-augmented "
                    + "image, those logits reused every epoch; views:K: once on K augmented views of each image, epoch e trains on view "
                    + "(e-1) mod K (student and teacher see the same pixels) (default: ${DEFAULT-VALUE}; bench/RESULTS.md compares them)."})
    String teacherTargets;

    @Override
    public Integer call() {
        common.applyThreads();
        JobOptions o = options();
        TrainingJob.run(o, FlagNames.printer(spec, System.out), ArtifactWriter.forTraining(o.init()));
        return 0;
    }

    /** The job these options describe (also the fine-tune of {@code prune --finetune-epochs} with a teacher). */
    JobOptions options() {
        if (pseudoLabels && !unlabeled.equals("auto") && !unlabeled.equals("pseudo")) {
            throw new BadInputException("--pseudo-labels is --unlabeled pseudo; it contradicts --unlabeled " + unlabeled);
        }
        return common.toOptions(student, teachers, method, alpha, temperature, dkdAlpha, dkdBeta, pseudoLabels ? "pseudo" : unlabeled,
                threshold, teacherThreads, teacherPrecision, labeledShare, teacherTargets);
    }
}
