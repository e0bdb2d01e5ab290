package netcompress.datasets.fmnist;

import netcompress.datasets.DatasetLayout;
import netcompress.datasets.GenerationSummary;
import netcompress.datasets.ProgressListener;
import netcompress.datasets.TestLabels;
import netcompress.testdata.Fixtures;
import netcompress.testdata.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistImporterTest {
    @TempDir
    Path tmp;

    @Test
    void fullSplitKeepsEveryTrainingImageWithItsLabelAndPixels() throws IOException {
        FashionMnist data = FashionMnist.load(IdxFiles.writeDataset(tmp.resolve("idx"), 200, 30));
        Path out = tmp.resolve("fm");
        GenerationSummary s = FashionMnistImporter.importTo(data, out, FashionMnistOptions.full().withValidationCount(20),
                false, ProgressListener.NONE);
        assertEquals(Map.of("training/labeled", 180, "validation", 20, "testing", 30), s.counts());
        assertFalse(Files.exists(out.resolve(DatasetLayout.TRAINING_UNLABELED)));
        int seen = 0;
        for (int label = 0; label < 10; label++) {
            for (Path p : list(DatasetLayout.labeledDir(out, label))) {
                int index = indexOf(p);
                assertTrue(index < 180, p.toString());
                assertEquals(label, index % 10, p.toString());
                assertPixels(p, index);
                seen++;
            }
            for (Path p : list(DatasetLayout.validationDir(out, label))) {
                assertTrue(indexOf(p) >= 180, "validation is the last 20: " + p);
                assertEquals(label, indexOf(p) % 10);
                seen++;
            }
        }
        assertEquals(200, seen);
        List<Path> tests = list(DatasetLayout.testingDir(out));
        int[] labels = TestLabels.read(DatasetLayout.testLabelsFile(out));
        assertEquals(30, labels.length);
        for (int i = 0; i < tests.size(); i++) {
            assertEquals(i % 10, labels[i]);
            assertPixels(tests.get(i), i); // sorted order is the IDX order
        }
        assertEquals(FashionMnist.CLASS_NAMES, Files.readAllLines(out.resolve(DatasetLayout.CLASSES_FILE)));
    }

    @Test
    void lowLabelSplitPicksDisjointSeededSubsets() throws IOException {
        FashionMnist data = FashionMnist.load(IdxFiles.writeDataset(tmp.resolve("idx"), 200, 30));
        FashionMnistOptions o = FashionMnistOptions.lowLabel().withLabelsPerClass(3).withValidationPerClass(2);
        Path out = tmp.resolve("low");
        GenerationSummary s = FashionMnistImporter.importTo(data, out, o, false, ProgressListener.NONE);
        assertEquals(List.of(30, 150, 20, 30), List.copyOf(s.counts().values()));
        Set<Integer> used = new HashSet<>();
        for (int label = 0; label < 10; label++) {
            assertEquals(3, list(DatasetLayout.labeledDir(out, label)).size());
            assertEquals(2, list(DatasetLayout.validationDir(out, label)).size());
            for (Path p : list(DatasetLayout.labeledDir(out, label))) {
                assertTrue(used.add(indexOf(p)));
                assertEquals(label, indexOf(p) % 10);
            }
            for (Path p : list(DatasetLayout.validationDir(out, label))) {
                assertTrue(used.add(indexOf(p)));
            }
        }
        for (Path p : list(DatasetLayout.unlabeledDir(out))) {
            assertTrue(used.add(indexOf(p)), "unlabeled overlaps a labeled image: " + p);
            assertPixels(p, indexOf(p));
        }
        assertEquals(200, used.size());

        var same = FashionMnistImporter.plan(data, o);
        assertEquals(same, FashionMnistImporter.plan(data, o));
        assertNotEquals(same.get(DatasetLayout.TRAINING_LABELED), FashionMnistImporter.plan(data, o.withSeed(9)).get(DatasetLayout.TRAINING_LABELED));
        assertEquals(40, FashionMnistImporter.plan(data, o.withUnlabeledCount(40)).get(DatasetLayout.TRAINING_UNLABELED).size());
        assertThrows(netcompress.errors.BadInputException.class,
                () -> FashionMnistImporter.plan(data, o.withLabelsPerClass(19)), "only 20 images per class");
    }

    @Test
    void realDebianDataMatchesTheFixtureSample() {
        Path dir = FashionMnist.DEBIAN_DIR;
        assumeTrue(Files.exists(dir.resolve(FashionMnist.TEST_IMAGES)), "dataset-fashion-mnist is not installed");
        FashionMnist data = FashionMnist.load(dir);
        assertEquals(60_000, data.trainImages().count());
        assertEquals(10_000, data.testImages().count());
        assertEquals(28, data.height());
        assertEquals(28, data.width());
        // the fixture's first 16 test images were normalised as (x / 255 - 0.2860) / 0.3530
        int[] labels = Fixtures.fmnistTest16Labels();
        NpyArray input = Fixtures.npy("fmnist_test16_input.npy");
        for (int i = 0; i < 16; i++) {
            assertEquals(labels[i], data.testLabels().unsigned(i));
            for (int p = 0; p < 28 * 28; p += 37) {
                float expected = (data.testImages().unsigned(i * 784 + p) / 255f - 0.2860f) / 0.3530f;
                assertEquals(expected, input.data()[i * 784 + p], 1e-4);
            }
        }
        var plan = FashionMnistImporter.plan(data, FashionMnistOptions.lowLabel());
        assertEquals(2_800, plan.get(DatasetLayout.TRAINING_LABELED).size());
        assertEquals(600, plan.get(DatasetLayout.VALIDATION).size());
        assertEquals(56_600, plan.get(DatasetLayout.TRAINING_UNLABELED).size());
        assertEquals(55_000, FashionMnistImporter.plan(data, FashionMnistOptions.full()).get(DatasetLayout.TRAINING_LABELED).size());
    }

    private static void assertPixels(Path png, int index) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType(), png.toString());
        assertEquals(6, img.getWidth());
        assertEquals(5, img.getHeight());
        int[] px = img.getRaster().getPixels(0, 0, 6, 5, (int[]) null);
        int[] expected = new int[30];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 6; c++) {
                expected[r * 6 + c] = IdxFiles.pixel(index, r, c);
            }
        }
        assertArrayEquals(expected, px, png.toString());
    }

    private static int indexOf(Path p) {
        String name = p.getFileName().toString().replace(".png", "");
        return Integer.parseInt(name.substring(name.lastIndexOf('_') + 1));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
