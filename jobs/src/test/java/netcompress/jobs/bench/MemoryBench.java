package netcompress.jobs.bench;

import netcompress.datasets.synth.SynthFood11Generator;
import netcompress.datasets.synth.SynthOptions;
import netcompress.onnx.io.OnnxModels;
import netcompress.jobs.train.JobOptions;
import netcompress.jobs.train.TrainingJob;
import netcompress.trainer.data.DataRoot;
import netcompress.trainer.loss.KdMethod;
import netcompress.trainer.teacher.TeacherPrecision;
import netcompress.trainer.zoo.ModelZoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory across epochs: distills a student from a live ResNet teacher (ONNX Runtime) on a synthetic food-11
 * (assignment layout, decoded by runtime's decoder), with the unlabeled images used as {@code --unlabeled}
 * says, for EPOCHS epochs, and prints the per-epoch resident and peak resident memory the training loop
 * records in its CSV, and the largest growth over epoch 2. Used by bench/trainer_memory.sh.
 * Arguments: workdir epochs scale size [unlabeled: both (default), soft, pseudo, none] [student (studentnet)] [data root
 * (instead of the generated one, e.g. Fashion-MNIST low-label from {@code netcompress data fashion-mnist --split low-label})]
 */
public final class MemoryBench {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int epochs = Integer.parseInt(a[1]);
        double scale = Double.parseDouble(a[2]);
        int size = Integer.parseInt(a[3]);
        String unlabeled = a.length > 4 ? a[4] : "both";
        String student = a.length > 5 ? a[5] : "studentnet";
        Path data = a.length > 6 ? Path.of(a[6]) : dir.resolve("food-11");
        if (!Files.isDirectory(data)) {
            SynthFood11Generator.generate(data, SynthOptions.defaults().withScale(scale).withSize(160, 120).withThreads(2), false, (d, t) -> { });
        }
        Path teacher = dir.resolve("teacher.onnx");
        OnnxModels.write(ModelZoo.build("resnet18:0.25", DataRoot.channels(data), DataRoot.open(data, size, 1).train().classNames().size(), size, 1),
                teacher, true);
        Path out = dir.resolve("student.onnx");
        TrainingJob.run(new JobOptions(student, null, data, out, epochs, 32, size, 1e-3, null, "adam", 0.5, 0.01, 0, 1, null, "cpu",
                false, true, List.of(teacher), KdMethod.KD, 0.5, 4, 1, 8, unlabeled, 0.9, 2, false, TeacherPrecision.FP32, null, null, null), System.out::println);
        List<String> csv = Files.readAllLines(dir.resolve("student.csv"));
        System.out.println(csv.get(0));
        csv.subList(1, csv.size()).forEach(System.out::println);
        String[] first = csv.get(1).split(",");
        String[] last = csv.get(csv.size() - 1).split(",");
        System.out.printf("peak RSS epoch 1: %s MB, epoch %s: %s MB; RSS epoch 1: %s MB, last: %s MB%n", first[9], last[0], last[9], first[8], last[8]);
        if (csv.size() > 2) {
            double second = Double.parseDouble(csv.get(2).split(",")[8]);
            double max = csv.subList(2, csv.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[8])).max().orElseThrow();
            System.out.printf("RSS from epoch 2: %.0f MB at epoch 2, at most %.0f MB (+%.1f%%)%n", second, max, 100 * (max / second - 1));
        }
    }
}
