package netcompress.jobs.pipeline;

import netcompress.datasets.synth.SynthFood11Generator;
import netcompress.datasets.synth.SynthOptions;
import netcompress.trainer.data.DataRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layout the trainer accepts runs the whole pipeline, its folders resolved once (the trainer's
 * DataRoot): an ImageFolder root with train/ and val/ (with and without test/ and unlabeled/), and a
 * folder of Fashion-MNIST's IDX files (laid out as image folders inside the run). The assignment's
 * layout is PipelineRunTest's.
 */
class PipelineLayoutsTest {
    @TempDir
    Path dir;

    private Path imageFolderRoot(boolean test, boolean unlabeled) throws Exception {
        Path synth = dir.resolve("synth");
        SynthFood11Generator.generate(synth, SynthOptions.defaults().withScale(0.02).withSize(48, 36).withThreads(2), false, (d, t) -> { });
        Path root = dir.resolve("photos");
        Files.createDirectories(root);
        Files.move(synth.resolve("training/labeled"), root.resolve("train"));
        Files.move(synth.resolve("validation"), root.resolve("val"));
        if (test) {
            Files.move(synth.resolve("testing"), root.resolve("test"));
        }
        if (unlabeled) {
            Files.move(synth.resolve("training/unlabeled"), root.resolve("unlabeled"));
        }
        return root;
    }

    private static PipelineSettings tiny(Path data) {
        return PipelineSettings.defaults().with(Map.of("data", data.toString(), "size", 32, "teacherModel", "resnet10:0.125",
                "teacherEpochs", 1, "studentEpochs", 1, "finetuneEpochs", 1, "batch", 16));
    }

    @Test
    void anImageFolderWithTestAndUnlabeledRunsToTheSubmission() throws Exception {
        Path root = imageFolderRoot(true, true);
        List<String> log = new ArrayList<>();
        Path run = dir.resolve("run");
        Pipeline.run(run, tiny(root), false, log::add);
        assertTrue(Files.isRegularFile(run.resolve("predict.csv")), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("unlabeled " + netcompress.trainer.data.UnlabeledUse.DEFAULT.cliName() + ":")), "the default use of unlabeled images: " + String.join("\n", log));
    }

    @Test
    void anImageFolderWithoutTestSaysSoAtTheStartAndSkipsPredict() throws Exception {
        Path root = imageFolderRoot(false, false);
        List<String> log = new ArrayList<>();
        Path run = dir.resolve("run");
        Pipeline.run(run, tiny(root), false, log::add);
        int note = indexOf(log, "has no test split");
        int teacher = indexOf(log, "stage teacher: running");
        assertTrue(note >= 0 && note < teacher, "said before the first stage trains: " + String.join("\n", log));
        assertTrue(log.contains("stage predict: not needed"), String.join("\n", log));
        assertFalse(Files.exists(run.resolve("predict.csv")));
        assertTrue(Files.isRegularFile(run.resolve("report.html")) && Files.isRegularFile(run.resolve("final.onnx")));
    }

    @Test
    void fashionMnistIdxFilesRunToTheScoredSubmission() throws Exception {
        // the last 5,000 training images validate, as train and distill split the IDX files; t10k is the labeled test split
        Path root = dir.resolve("fmnist");
        Files.createDirectories(root);
        int train = DataRoot.FASHION_MNIST_VALIDATION + 60;
        writeIdx(root.resolve("train-images-idx3-ubyte.gz"), images(train, 1), new int[] {train, 28, 28});
        writeIdx(root.resolve("train-labels-idx1-ubyte.gz"), labels(train), new int[] {train});
        writeIdx(root.resolve("t10k-images-idx3-ubyte.gz"), images(40, 2), new int[] {40, 28, 28});
        writeIdx(root.resolve("t10k-labels-idx1-ubyte.gz"), labels(40), new int[] {40});
        List<String> log = new ArrayList<>();
        Path run = dir.resolve("run");
        PipelineSettings s = PipelineSettings.defaults().with(Map.of("data", root.toString(), "teacherModel", "resnet10:0.125",
                "teacherEpochs", 1, "studentEpochs", 1, "finetuneEpochs", 1, "batch", 16));
        assertEquals(28, s.inputSize(), "Fashion-MNIST's own size");
        Pipeline.run(run, s, false, log::add);
        assertTrue(log.stream().anyMatch(l -> l.contains("laid out as image folders")), String.join("\n", log));
        assertEquals(41, Files.readAllLines(run.resolve("predict.csv")).size(), "header and one line per t10k image");
        String report = Files.readString(run.resolve("report.html"));
        assertTrue(report.contains("Test accuracy (labels file)"), "t10k's labels score the submission");
    }

    /** Class k is a bright square in one of ten places; the rest noise. */
    private static byte[] images(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        byte[] px = new byte[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            for (int p = 0; p < 28 * 28; p++) {
                int y = p / 28;
                int x = p % 28;
                boolean square = y / 9 == k / 4 && x / 7 == k % 4;
                px[i * 784 + p] = (byte) (square ? 200 + r.nextInt(50) : r.nextInt(60));
            }
        }
        return px;
    }

    private static byte[] labels(int n) {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) (i % 10);
        }
        return l;
    }

    private static void writeIdx(Path file, byte[] data, int[] dims) throws java.io.IOException {
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.util.zip.GZIPOutputStream(Files.newOutputStream(file)))) {
            out.write(new byte[] {0, 0, 8, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    private static int indexOf(List<String> log, String part) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
