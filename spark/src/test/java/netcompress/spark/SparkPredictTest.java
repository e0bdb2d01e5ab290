package netcompress.spark;

import netcompress.cli.CliRun;
import netcompress.onnx.tensor.Npy;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code predict --spark local[N]} against plain {@code predict}, in Spark local mode: the same CSV byte for byte
 * (the runtime's PIL reference images, GIF and 16-bit PNG among them, and 300 generated JPEGs in 11 class folders),
 * the same exit code, messages and Ids with bad images, and a task that fails once is retried without duplicating
 * or dropping a row.
 */
class SparkPredictTest {
    @TempDir
    static Path dir;
    static Path images;
    static Path model;

    @BeforeAll
    static void folder() throws IOException {
        model = Fixtures.path("student_dw.onnx");
        images = dir.resolve("testing");
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            Path d = Files.createDirectories(images.resolve(String.format("%02d", i % 11)));
            int w = 120 + r.nextInt(400);
            int h = 90 + r.nextInt(300);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            for (int k = 0; k < 12; k++) {
                g.setColor(new Color(r.nextInt(1 << 24)));
                g.fillOval(r.nextInt(w), r.nextInt(h), 20 + r.nextInt(w), 20 + r.nextInt(h));
            }
            g.dispose();
            ImageIO.write(img, "jpg", d.resolve(String.format("img_%04d.jpg", i)).toFile());
        }
        Path pil = Path.of("..", "runtime", "src", "test", "resources", "pil");
        Path extra = Files.createDirectories(images.resolve("11"));
        try (Stream<Path> s = Files.list(pil)) {
            for (Path p : s.filter(p -> !p.toString().endsWith(".npy") && !p.toString().endsWith(".py")).toList()) {
                Files.copy(p, extra.resolve(p.getFileName()));
            }
        }
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty(SparkInference.FAIL_FIRST_ATTEMPT_OF);
        System.clearProperty("spark.netcompress.partitions");
    }

    @Test
    void theCsvIsByteIdenticalToPlainPredict() throws IOException {
        CliRun plain = predict(images, "plain.csv", null, "--logits", dir.resolve("plain.npy").toString());
        CliRun spark = predict(images, "spark.csv", "local[2]", "--logits", dir.resolve("spark.npy").toString());
        assertEquals(0, plain.code(), plain.err());
        assertEquals(0, spark.code(), spark.err());
        byte[] csv = Files.readAllBytes(dir.resolve("plain.csv"));
        assertTrue(new String(csv, StandardCharsets.UTF_8).lines().count() > 300);
        assertArrayEquals(csv, Files.readAllBytes(dir.resolve("spark.csv")));
        float[] a = Npy.read(dir.resolve("plain.npy")).data();
        float[] b = Npy.read(dir.resolve("spark.npy")).data();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5, "logit " + i);
        }
        assertTrue(spark.out().contains("wrote "), spark.out());
    }

    @Test
    void badImagesGetTheSameExitCodeMessagesAndIds() throws IOException {
        Path bad = dir.resolve("with_bad");
        copy(images, bad);
        byte[] jpeg = Files.readAllBytes(bad.resolve("00").resolve("img_0000.jpg"));
        Files.write(bad.resolve("03").resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.writeString(bad.resolve("07").resolve("not_an_image.jpg"), "hello");

        CliRun plain = predict(bad, "bad_plain.csv", null);
        CliRun spark = predict(bad, "bad_spark.csv", "local[2]");
        assertEquals(2, plain.code(), plain.err());
        assertEquals(plain.code(), spark.code(), spark.err());
        assertEquals(lastLines(plain.err()), lastLines(spark.err()));
        assertTrue(spark.err().contains("truncated.jpg") && spark.err().contains("not_an_image.jpg"), spark.err());
        assertFalse(Files.exists(dir.resolve("bad_spark.csv")), "nothing is written under the default policy");

        CliRun plainSkip = predict(bad, "skip_plain.csv", null, "--on-bad-image", "skip");
        CliRun sparkSkip = predict(bad, "skip_spark.csv", "local[2]", "--on-bad-image", "skip");
        assertEquals(0, sparkSkip.code(), sparkSkip.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("skip_plain.csv")), Files.readAllBytes(dir.resolve("skip_spark.csv")));
        assertEquals(plainSkip.err().lines().filter(l -> l.startsWith("skipped ")).toList(),
                sparkSkip.err().lines().filter(l -> l.startsWith("skipped ")).toList());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndNoRowIsLostOrDoubled() throws IOException {
        predict(images, "reference.csv", null);
        System.setProperty(SparkInference.FAIL_FIRST_ATTEMPT_OF, "1");
        System.setProperty("spark.netcompress.partitions", "4");
        int before = PartitionInference.injectedFailures();
        CliRun r = predict(images, "retried.csv", "local[2,2]");
        assertEquals(0, r.code(), r.err());
        assertEquals(before + 1, PartitionInference.injectedFailures(), "the first attempt of partition 1 failed");
        assertArrayEquals(Files.readAllBytes(dir.resolve("reference.csv")), Files.readAllBytes(dir.resolve("retried.csv")));

        // without retries (local[2] tries a task once) the job fails and writes nothing
        CliRun once = predict(images, "not_written.csv", "local[2]");
        assertEquals(3, once.code(), once.err());
        assertFalse(Files.exists(dir.resolve("not_written.csv")));
        // the job's other tasks were killed; none may still be in ONNX Runtime when the JVM could exit
        assertEquals(0, PartitionInference.running(), "tasks still running after predict returned");
    }

    private static CliRun predict(Path folder, String csv, String master, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("predict", "--model", model.toString(),
                "--images", folder.toString(), "--out", dir.resolve(csv).toString(), "--force"));
        if (master != null) {
            args.add("--spark");
            args.add(master);
        }
        args.addAll(java.util.List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The error report: the lines from "netcompress:" on (Spark's own log lines come before). */
    private static String lastLines(String err) {
        int at = err.indexOf("netcompress:");
        return at < 0 ? err : err.substring(at);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
