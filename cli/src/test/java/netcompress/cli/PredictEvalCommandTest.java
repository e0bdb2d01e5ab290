package netcompress.cli;

import netcompress.testdata.Fixtures;
import netcompress.testdata.damaged.DamagedPhotos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** predict and eval through the command line: files written, exit codes, messages. */
class PredictEvalCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static void image(Path file, int seed) throws IOException {
        BufferedImage img = new BufferedImage(180, 150, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 180; x++) {
                img.setRGB(x, y, ((x * seed) & 0xFF) << 16 | ((y * 3 + seed) & 0xFF) << 8 | ((x + y) & 0xFF));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "jpg", file.toFile());
    }

    private Path testing() throws IOException {
        Path t = dir.resolve("testing");
        for (int i = 0; i < 5; i++) {
            image(t.resolve("00").resolve(i + ".jpg"), i + 1);
        }
        return t;
    }

    private static String model() {
        return Fixtures.path("student_dw.onnx").toString();
    }

    @Test
    void predictWritesTheSubmissionAndRefusesToOverwrite() throws Exception {
        Path testing = testing();
        Path csv = dir.resolve("predict.csv");
        CliRun r = run("predict", "--model", model(), "--images", testing.toString(), "--out", csv.toString(), "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("Id,Category", lines.get(0));
        assertEquals(6, lines.size());
        assertTrue(r.out().contains("5 images in") && r.out().contains("device cpu"), r.out());
        CliRun again = run("predict", "--model", model(), "--images", testing.toString(), "--out", csv.toString(), "--device", "cpu");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already exists; pass --force"), again.err());
    }

    /** --images takes a file: URI of the folder (same rows); another scheme is refused by name, exit 2. */
    @Test
    void imagesMayBeAFileUriButNotAnotherScheme() throws Exception {
        Path testing = testing();
        Path csv = dir.resolve("uri.csv");
        CliRun r = run("predict", "--model", model(), "--images", testing.toUri().toString(), "--out", csv.toString(), "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertEquals(6, Files.readAllLines(csv).size());
        CliRun hdfs = run("predict", "--model", model(), "--images", "hdfs://namenode/food-11/testing", "--out", dir.resolve("h.csv").toString());
        assertEquals(2, hdfs.code());
        assertTrue(hdfs.err().contains("the hdfs: scheme is not read here; mount the folder"), hdfs.err());
        assertFalse(Files.exists(dir.resolve("h.csv")));
    }

    @Test
    void badImagesExitTwoAndWriteNothing() throws Exception {
        Path testing = testing();
        Files.writeString(testing.resolve("00").resolve("3.jpg"), "oops");
        Path csv = dir.resolve("predict.csv");
        CliRun r = run("predict", "--model", model(), "--images", testing.toString(), "--out", csv.toString(), "--device", "cpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("1 of 5 images is unusable") && r.err().contains("3.jpg: not an image"), r.err());
        assertFalse(Files.exists(csv));
        CliRun skip = run("predict", "--model", model(), "--images", testing.toString(), "--out", csv.toString(), "--device", "cpu",
                "--on-bad-image", "skip");
        assertEquals(0, skip.code(), skip.err());
        assertEquals(5, Files.readAllLines(csv).size());
    }

    /**
     * The damaged-photo corpus (test-data, python3-pil) through predict --on-bad-image skip: a row for every file
     * PIL reads, every other file named among the skips, nothing unaccounted for.
     */
    @Test
    void predictWritesARowForEveryDamagedFilePilReads() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(DamagedPhotos.skipReason() == null, DamagedPhotos.skipReason());
        Path testing = dir.resolve("damaged");
        Files.createDirectories(testing.resolve("00"));
        for (DamagedPhotos.Photo p : DamagedPhotos.photos()) {
            Files.copy(p.file(), testing.resolve("00").resolve(p.file().getFileName()));
        }
        Path csv = dir.resolve("damaged.csv");
        CliRun r = run("predict", "--model", model(), "--images", testing.toString(), "--out", csv.toString(), "--device", "cpu",
                "--on-bad-image", "skip");
        assertEquals(0, r.code(), r.err());
        List<String> ids = Files.readAllLines(csv).stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
        int skipped = 0;
        for (DamagedPhotos.Photo p : DamagedPhotos.photos()) {
            // the corpus names files NNN_KIND.ext; a Kaggle Id is the number before the kind
            String id = Integer.toString(Integer.parseInt(p.file().getFileName().toString().substring(0, 3)));
            if (p.pilReads()) {
                assertTrue(ids.contains(id), p + " is read by PIL but has no row");
            } else if (!ids.contains(id)) {
                skipped++;
                assertTrue(r.err().contains(p.file().getFileName().toString()), p + " has neither a row nor a named skip");
            }
        }
        assertEquals(DamagedPhotos.photos().size(), ids.size() + skipped, "every file is a row or a skip");
    }

    @Test
    void autoDeviceRunsOnTheCpuAndCudaFailsWithoutAGpu() throws Exception {
        Path testing = testing();
        CliRun auto = run("predict", "--model", model(), "--model", model(), "--images", testing.toString(),
                "--out", dir.resolve("a.csv").toString());
        assertEquals(0, auto.code(), auto.err());
        // one warning for the ensemble's two sessions with the -Pgpu jar; none with the CPU jar, which has no CUDA to miss
        boolean gpuJar = ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
        assertEquals(gpuJar ? 1 : 0, auto.err().split("CUDA is not available", -1).length - 1, auto.err());
        CliRun cuda = run("predict", "--model", model(), "--images", testing.toString(), "--out", dir.resolve("c.csv").toString(),
                "--device", "cuda:0");
        assertEquals(2, cuda.code());
        assertTrue(cuda.err().contains("--device cuda:0: the CUDA execution provider could not be loaded"), cuda.err());
    }

    @Test
    void ensembleOverBudgetExitsOne() throws Exception {
        CliRun r = run("predict", "--model", model(), "--model", Fixtures.path("student.onnx").toString(), "--budget", "100000",
                "--images", testing().toString(), "--out", dir.resolve("e.csv").toString(), "--device", "cpu");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("over the budget of 100,000"), r.err());
    }

    @Test
    void evalPrintsAccuracyAndWritesThePng() throws Exception {
        Path data = dir.resolve("val");
        image(data.resolve("00").resolve("a.jpg"), 1);
        image(data.resolve("01").resolve("b.jpg"), 2);
        Path png = dir.resolve("cm.png");
        CliRun r = run("eval", "--model", model(), "--data", data.toString(), "--confusion", png.toString(), "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("accuracy ") && r.out().contains("confusion matrix"), r.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 100);
        CliRun bar = run("eval", "--model", model(), "--data", data.toString(), "--confusion", png.toString(), "--force",
                "--device", "cpu", "--min-accuracy", "1.01");
        assertEquals(1, bar.code());
    }
}
