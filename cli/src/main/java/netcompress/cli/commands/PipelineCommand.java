package netcompress.cli.commands;

import netcompress.cli.FlagNames;
import netcompress.jobs.pipeline.Pipeline;
import netcompress.jobs.pipeline.PipelineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** The whole assignment in one command; every flag is also a key of the config file it saves. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Run the assignment end to end: teacher, distilled student, pruning to the budget, fine-tuning, ",
                "verification, validation, the submission run/predict.csv and the report run/report.html.",
                "Without --data it generates a small synthetic food-11 set and runs on it in minutes.",
                "Rerunning resumes an interrupted run; finished stages are kept unless --force."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:final model over the budget", "2:bad input or usage", "3:internal error"})
public final class PipelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "run", description = "Run folder (default ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--config", description = "Settings file (YAML or JSON, keys as these flags in camelCase, e.g. studentEpochs); flags override it.")
    Path config;
    @Option(names = "--force", description = "Start the run folder over: redo every stage.")
    boolean force;

    @Option(names = "--data", description = "Data root in the assignment's layout, an ImageFolder with train/ and val/ (test/ and unlabeled/ optional), "
            + "or a folder of Fashion-MNIST's IDX files (default: generate the synthetic set).")
    String data;
    @Option(names = "--synth-scale", description = "Size of the generated set as a fraction of the assignment's counts (default 0.3).")
    Double synthScale;
    @Option(names = "--seed", description = "Seed of every random choice (default 0).")
    Long seed;
    @Option(names = "--teacher", description = "Use this ONNX teacher instead of training one.")
    String teacher;
    @Option(names = "--teacher-model", description = "Zoo teacher to train (default vgg:2: on the built-in demo it reaches 77%% validation where the student alone reaches 67%%).")
    String teacherModel;
    @Option(names = "--teacher-epochs", description = "Teacher epochs (default 20).")
    Integer teacherEpochs;
    @Option(names = "--student", description = "Zoo student, name[:width] (default vgg:1.25, about 125k parameters, so the run prunes), "
            + "or auto: searched for (netcompress search: every student family under the budget and at 1.25x it, proxy distillations).")
    String student;
    @Option(names = "--student-epochs", description = "Distillation epochs (default 12).")
    Integer studentEpochs;
    @Option(names = "--method", description = "kd (Hinton) or dkd (decoupled KD) (default kd).")
    String method;
    @Option(names = "--alpha", description = "Weight of the distillation term (default 0.5).")
    Double alpha;
    @Option(names = {"--T", "--temperature"}, description = "Distillation temperature (default 4).")
    Double temperature;
    @Option(names = "--pseudo-labels", description = "Same as --unlabeled pseudo.")
    Boolean pseudoLabels;
    @Option(names = "--unlabeled", description = "How distill and fine-tune use the unlabeled images: auto (default: both when there are some, pseudo with dkd), "
            + "soft, pseudo, both or none (see distill --help).")
    String unlabeled;
    @Option(names = "--threshold", description = "Pseudo-label confidence threshold (default 0.9).")
    Double threshold;
    @Option(names = "--teacher-targets", description = "live, cached or views:K: where distillation's teacher logits come from (see distill --help).")
    String teacherTargets;
    @Option(names = "--baseline", arity = "0..1", description = "Also train the student without a teacher, for the report's comparison "
            + "(default: on for the built-in demo, off with --data).")
    Boolean baseline;
    @Option(names = "--budget", description = "Parameter budget (default 100000).")
    Long budget;
    @Option(names = "--criterion", description = "Pruning importance: l1, l2, bn-scale, random or taylor (gradients on the training images) (default l1).")
    String criterion;
    @Option(names = "--finetune-epochs", description = "Fine-tuning epochs after pruning (default 4).")
    Integer finetuneEpochs;
    @Option(names = "--size", description = "Input side (default 32 on the synthetic set, 28 for Fashion-MNIST, the images' own side when below 142, else 142).")
    Integer size;
    @Option(names = "--batch", description = "Training batch size (default 32).")
    Integer batch;
    @Option(names = "--lr", description = "Peak learning rate (default 0.003).")
    Double lr;
    @Option(names = "--device", description = "auto, cpu or cuda[:N] (default auto).")
    String device;
    @Option(names = "--workers", description = "Data-loading threads (default 2).")
    Integer workers;

    @Override
    public Integer call() {
        PipelineSettings base = config != null ? PipelineSettings.load(config) : PipelineSettings.defaults();
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("data", data == null ? null : Path.of(data).toAbsolutePath().toString());
        flags.put("synthScale", synthScale);
        flags.put("seed", seed);
        flags.put("teacher", teacher == null ? null : Path.of(teacher).toAbsolutePath().toString());
        flags.put("teacherModel", teacherModel);
        flags.put("teacherEpochs", teacherEpochs);
        flags.put("student", student);
        flags.put("studentEpochs", studentEpochs);
        flags.put("method", method);
        flags.put("alpha", alpha);
        flags.put("temperature", temperature);
        flags.put("pseudoLabels", pseudoLabels);
        flags.put("unlabeled", unlabeled);
        flags.put("threshold", threshold);
        flags.put("teacherTargets", teacherTargets);
        flags.put("baseline", baseline);
        flags.put("budget", budget);
        flags.put("criterion", criterion);
        flags.put("finetuneEpochs", finetuneEpochs);
        flags.put("size", size);
        flags.put("batch", batch);
        flags.put("lr", lr);
        flags.put("device", device);
        flags.put("workers", workers);
        PipelineSettings settings = base.with(flags);
        Pipeline.run(out, settings, force, FlagNames.printer(spec, System.out));
        return 0;
    }
}
