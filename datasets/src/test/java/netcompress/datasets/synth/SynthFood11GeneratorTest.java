package netcompress.datasets.synth;

import netcompress.datasets.DatasetLayout;
import netcompress.datasets.GenerationSummary;
import netcompress.datasets.ProgressListener;
import netcompress.datasets.TestLabels;
import netcompress.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthFood11GeneratorTest {
    /** Small and fast, but every split and class present. */
    static final SynthOptions SMALL = SynthOptions.defaults().withScale(0.02).withSize(96, 72).withThreads(2);

    @TempDir
    Path tmp;

    @Test
    void scaleOneHasTheAssignmentsCounts() {
        SplitCounts c = SynthOptions.defaults().counts();
        assertEquals(new SplitCounts(280, 6_786, 60, 3_347), c);
        assertEquals(13_873, c.total());
        assertEquals(c.total(), SynthFood11Generator.plan(SynthOptions.defaults()).size());
    }

    @Test
    void writesTheLayoutWithScaledCountsAndConsistentTestLabels() throws IOException {
        Path out = tmp.resolve("food-11");
        GenerationSummary s = SynthFood11Generator.generate(out, SMALL, false, ProgressListener.NONE);
        SplitCounts c = SMALL.counts();
        assertEquals(new SplitCounts(6, 136, 2, 67), c);
        assertEquals(c.total(), s.images());
        for (int label = 0; label < FoodClass.COUNT; label++) {
            assertEquals(c.labeledPerClass(), jpegs(DatasetLayout.labeledDir(out, label)).size());
            assertEquals(c.validationPerClass(), jpegs(DatasetLayout.validationDir(out, label)).size());
        }
        assertEquals(c.unlabeled(), jpegs(DatasetLayout.unlabeledDir(out)).size());
        List<Path> tests = jpegs(DatasetLayout.testingDir(out));
        assertEquals(c.testing(), tests.size());
        try (Stream<Path> top = Files.list(out)) {
            assertEquals(DatasetLayout.TOP_LEVEL, top.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(List.of(out), siblings.toList(), "no staging folder may be left behind");
        }
        assertEquals(11, Files.readAllLines(out.resolve(DatasetLayout.CLASSES_FILE)).size());

        int[] labels = TestLabels.read(DatasetLayout.testLabelsFile(out));
        List<SynthImage> plan = SynthFood11Generator.plan(SMALL);
        Map<String, Integer> truth = new TreeMap<>();
        plan.stream().filter(i -> i.split() == SynthImage.Split.TESTING).forEach(i -> truth.put(i.path(), i.label()));
        List<String> sortedNames = tests.stream().map(p -> out.relativize(p).toString().replace('\\', '/')).sorted().toList();
        for (int i = 0; i < sortedNames.size(); i++) {
            assertEquals(truth.get(sortedNames.get(i)), labels[i], sortedNames.get(i));
        }
        // every test image is the picture its label says: re-render and compare with the decoded file
        SynthImage first = plan.stream().filter(i -> i.path().equals(sortedNames.get(0))).findFirst().orElseThrow();
        BufferedImage decoded = ImageIO.read(out.resolve(first.path()).toFile());
        BufferedImage rendered = SynthFood11Generator.render(first, SMALL);
        assertEquals(rendered.getWidth(), decoded.getWidth());
        assertEquals(rendered.getHeight(), decoded.getHeight());
        assertTrue(meanAbsDiff(rendered, decoded) < 8, "JPEG should be close to its rendering");
        long perClass = java.util.Arrays.stream(labels).filter(l -> l == 0).count();
        assertTrue(perClass >= c.testing() / 11 && perClass <= c.testing() / 11 + 1, "test classes are balanced");
    }

    @Test
    void sameSeedGivesSameBytesWhateverTheThreadCount() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path other = tmp.resolve("other");
        SynthFood11Generator.generate(a, SMALL.withThreads(1), false, ProgressListener.NONE);
        SynthFood11Generator.generate(b, SMALL.withThreads(2), false, ProgressListener.NONE);
        SynthFood11Generator.generate(other, SMALL.withSeed(1), false, ProgressListener.NONE);
        Map<String, String> ha = hashes(a);
        assertEquals(ha, hashes(b));
        Map<String, String> ho = hashes(other);
        assertEquals(ha.keySet(), ho.keySet());
        long same = ha.keySet().stream().filter(k -> k.endsWith(".jpg") && ha.get(k).equals(ho.get(k))).count();
        assertEquals(0, same, "another seed must give other pictures");
        assertNotEquals(ha.get(DatasetLayout.TEST_LABELS_FILE), ho.get(DatasetLayout.TEST_LABELS_FILE));
    }

    @Test
    void imageSizesVaryAroundTheNominalSizeUnlessFixed() {
        List<SynthImage> plan = SynthFood11Generator.plan(SMALL).subList(0, 40);
        java.util.Set<String> sizes = new java.util.HashSet<>();
        for (SynthImage i : plan) {
            BufferedImage img = SynthFood11Generator.render(i, SMALL);
            assertTrue(Math.max(img.getWidth(), img.getHeight()) <= 96, img.getWidth() + "x" + img.getHeight());
            sizes.add(img.getWidth() + "x" + img.getHeight());
            BufferedImage fixed = SynthFood11Generator.render(i, SMALL.withVarySize(false));
            assertEquals(96, fixed.getWidth());
            assertEquals(72, fixed.getHeight());
        }
        assertTrue(sizes.size() > 5, "sizes: " + sizes);
        assertTrue(sizes.stream().anyMatch(s -> {
            String[] p = s.split("x");
            return Integer.parseInt(p[0]) < Integer.parseInt(p[1]);
        }), "some portrait pictures: " + sizes);
    }

    @Test
    void refusesANonEmptyFolderWithoutForceAndForeignFilesEvenWithForce() throws IOException {
        Path out = tmp.resolve("food-11");
        SynthOptions tiny = SMALL.withScale(0.001);
        SynthFood11Generator.generate(out, tiny, false, ProgressListener.NONE);
        Map<String, String> before = hashes(out);
        var e = assertThrows(BadInputException.class, () -> SynthFood11Generator.generate(out, tiny.withSeed(5), false, ProgressListener.NONE));
        assertTrue(e.template().contains("{force}"), e.getMessage());
        assertEquals(before, hashes(out));

        SynthFood11Generator.generate(out, tiny.withSeed(5), true, ProgressListener.NONE);
        assertNotEquals(before, hashes(out));

        Files.writeString(out.resolve("my-thesis.tex"), "precious");
        e = assertThrows(BadInputException.class, () -> SynthFood11Generator.generate(out, tiny, true, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("my-thesis.tex"), e.getMessage());
        assertTrue(Files.exists(out.resolve("my-thesis.tex")));

        Path empty = Files.createDirectory(tmp.resolve("empty"));
        SynthFood11Generator.generate(empty, tiny, false, ProgressListener.NONE);
        assertTrue(Files.exists(DatasetLayout.testLabelsFile(empty)));
    }

    @Test
    void classesDifferInColourButColourAloneIsFarFromEnough() {
        // Nearest class mean on held-out pictures. Colour must carry some signal (the classes are real
        // categories) yet not give the answer away: shapes and textures should be what a CNN has to learn.
        int perClass = 40;
        double[][][] meanColour = new double[FoodClass.COUNT][perClass][];
        double[][][] histogram = new double[FoodClass.COUNT][perClass][];
        for (int c = 0; c < FoodClass.COUNT; c++) {
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = SceneRenderer.render(FoodClass.of(c), 1000L * c + i, 128, 96);
                meanColour[c][i] = Features.centreMeanColour(img);
                histogram[c][i] = Features.centreColourHistogram(img);
            }
        }
        double chance = 1.0 / FoodClass.COUNT;
        double colourAcc = Features.nearestMeanAccuracy(meanColour);
        double histAcc = Features.nearestMeanAccuracy(histogram);
        assertTrue(colourAcc > 1.4 * chance && colourAcc < 0.6, "mean-colour accuracy " + colourAcc);
        assertTrue(histAcc > 2.5 * chance && histAcc < 0.8, "colour-histogram accuracy " + histAcc);
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> SMALL.withScale(0));
        assertThrows(IllegalArgumentException.class, () -> SMALL.withSize(8, 8));
        assertThrows(IllegalArgumentException.class, () -> SMALL.withJpegQuality(1.5f));
        assertThrows(IllegalArgumentException.class, () -> FoodClass.of(11));
    }

    static List<Path> jpegs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.sorted().toList();
            for (Path f : files) {
                assertTrue(f.toString().endsWith(".jpg"), f.toString());
            }
            return files;
        }
    }

    static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> h = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                h.put(root.relativize(p).toString().replace('\\', '/'), sha256(Files.readAllBytes(p)));
            }
        }
        assertFalse(h.isEmpty());
        return h;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        assertNotNull(b);
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    sum += Math.abs(((p >> s) & 0xff) - ((q >> s) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    @Test
    void encodedFilesAreIdenticalToEncodingTheRenderAgain() {
        SynthImage img = SynthFood11Generator.plan(SMALL).get(3);
        assertArrayEquals(netcompress.datasets.ImageEncoding.jpeg(SynthFood11Generator.render(img, SMALL), 0.9f),
                netcompress.datasets.ImageEncoding.jpeg(SynthFood11Generator.render(img, SMALL), 0.9f));
    }
}
