package netcompress.pipeline;

import netcompress.errors.BadInputException;
import netcompress.testdata.synth.SynthFood11Generator;
import netcompress.testdata.synth.SynthOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layout the trainer accepts runs the whole pipeline, its folders resolved once (the trainer's
 * DataRoot): an ImageFolder root with train/ and val/ (with and without test/ and unlabeled/); and a
 * Fashion-MNIST IDX root is refused before anything trains, with what to do instead.
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
        assertTrue(log.stream().anyMatch(l -> l.startsWith("unlabeled pseudo:")), "the default use of unlabeled images: " + String.join("\n", log));
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
    void fashionMnistIdxFilesAreRefusedBeforeAnythingTrains() throws Exception {
        Path root = dir.resolve("fmnist");
        Files.createDirectories(root);
        Files.write(root.resolve("train-images-idx3-ubyte.gz"), new byte[0]);
        Files.write(root.resolve("train-labels-idx1-ubyte.gz"), new byte[0]);
        List<String> log = new ArrayList<>();
        BadInputException e = assertThrows(BadInputException.class, () -> Pipeline.run(dir.resolve("run"), tiny(root), false, log::add));
        assertTrue(e.getMessage().contains("netcompress data fashion-mnist"), e.getMessage());
        assertFalse(log.contains("stage teacher: running"), String.join("\n", log));
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
