package netcompress.runtime.eval;

import netcompress.onnx.tensor.Npy;
import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.model.ClassifierModel;
import netcompress.runtime.model.ModelLoader;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.progress.Progress;
import netcompress.runtime.session.SessionSettings;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {
    @Test
    void handComputedConfusion() {
        // truth:     0 0 1 1 2 2 2
        // predicted: 0 1 1 1 0 2 1   -> correct 0,2,3,5 = 4/7
        Evaluation e = Evaluation.of(new int[]{0, 0, 1, 1, 2, 2, 2}, new int[]{0, 1, 1, 1, 0, 2, 1}, List.of("a", "b", "c"));
        assertEquals(4.0 / 7, e.accuracy(), 1e-12);
        assertEquals(0.5, e.classAccuracy(0), 1e-12);
        assertEquals(1.0, e.classAccuracy(1), 1e-12);
        assertEquals(1.0 / 3, e.classAccuracy(2), 1e-12);
        assertEquals(1, e.confusion()[2][0]);
        assertEquals(1, e.confusion()[2][1]);
        String r = e.report();
        assertTrue(r.startsWith("accuracy 0.5714 (4/7)"), r);
        assertTrue(r.contains("c      0.3333 (1/3)"), r);
    }

    @Test
    void confusionMatrixPng(@TempDir Path dir) throws Exception {
        Evaluation e = Evaluation.of(new int[]{0, 1, 1}, new int[]{0, 1, 0}, List.of("x", "y"));
        Path png = dir.resolve("cm.png");
        ConfusionMatrixImage.write(png, false, e);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
    }

    /**
     * The 16 Fashion-MNIST test images as PNG files in class folders, run through eval: the accuracy
     * must be the one worked out from PyTorch's logits and the true labels.
     */
    @Test
    void accuracyOnALabeledFolderMatchesTheHandComputedAnswer(@TempDir Path dir) throws Exception {
        Npy.Array input = Npy.read(Fixtures.path("fmnist_test16_input.npy"));
        Npy.Array logits = Npy.read(Fixtures.path("fmnist_test16_logits.npy"));
        int[] labels = Fixtures.fmnistTest16Labels();
        int correct = 0;
        int[] perClassTotal = new int[10];
        int[] perClassCorrect = new int[10];
        for (int i = 0; i < 16; i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                if (logits.data()[i * 10 + c] > logits.data()[i * 10 + best]) {
                    best = c;
                }
            }
            perClassTotal[labels[i]]++;
            if (best == labels[i]) {
                correct++;
                perClassCorrect[labels[i]]++;
            }
            // undo the normalisation the fixture applied, back to the 8-bit pixels of the original image
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                int v = Math.round((input.data()[i * 784 + p] * 0.3530f + 0.2860f) * 255f);
                img.getRaster().setSample(p % 28, p / 28, 0, Math.max(0, Math.min(255, v)));
            }
            Path f = dir.resolve("fmnist").resolve(Integer.toString(labels[i])).resolve(String.format("%02d.png", i));
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
        ImageFolder folder = ImageFolder.scan(dir.resolve("fmnist"), true);
        List<String> warnings = new ArrayList<>();
        try (ClassifierModel m = ModelLoader.load(Fixtures.path("fmnist_cnn.onnx"), SessionSettings.cpu(1),
                new PreprocessOverrides(null, new float[]{0.2860f}, new float[]{0.3530f}), warnings::add)) {
            Predictions p = new Predictor(List.of(m), new Predictor.Options(4, 2, false, BadImagePolicy.STOP), Progress.silent(), warnings::add)
                    .run(folder.items());
            int[] truth = folder.items().stream().mapToInt(it -> it.label()).toArray();
            Evaluation e = Evaluator.evaluate(p, truth, folder.classes(), Optional.empty());
            assertEquals(16, e.total());
            assertEquals(correct, e.correct());
            for (int c = 0; c < 10; c++) {
                if (perClassTotal[c] > 0) {
                    assertEquals((double) perClassCorrect[c] / perClassTotal[c], e.classAccuracy(c), 1e-12, "class " + c);
                } else {
                    assertTrue(Double.isNaN(e.classAccuracy(c)));
                }
            }
        }
    }

    @Test
    void labelsFileInSubmissionFormat(@TempDir Path dir) throws Exception {
        List<netcompress.runtime.loading.ImageItem> items = List.of(
                new netcompress.runtime.loading.ImageItem(0, dir.resolve("a.jpg"), -1),
                new netcompress.runtime.loading.ImageItem(1, dir.resolve("b.jpg"), -1));
        Path csv = Files.writeString(dir.resolve("labels.csv"), "Id,Category\n1,7\n0,3\n");
        assertEquals(List.of(3, 7), java.util.Arrays.stream(Labels.read(csv, items)).boxed().toList());
        Path plain = Files.writeString(dir.resolve("labels.txt"), "4\n5\n");
        assertEquals(List.of(4, 5), java.util.Arrays.stream(Labels.read(plain, items)).boxed().toList());
    }
}
