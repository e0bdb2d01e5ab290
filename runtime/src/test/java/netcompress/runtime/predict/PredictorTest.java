package netcompress.runtime.predict;

import netcompress.errors.BadInputException;
import netcompress.errors.BudgetExceededException;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.tensor.Npy;
import netcompress.runtime.image.ImagePreprocessor;
import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.model.ClassifierModel;
import netcompress.runtime.model.ModelLoader;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.progress.Progress;
import netcompress.runtime.session.SessionSettings;
import netcompress.runtime.submission.LogitsWriter;
import netcompress.runtime.submission.SubmissionWriter;
import netcompress.runtime.testutil.TestImages;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictorTest {
    private static final SessionSettings CPU = SessionSettings.cpu(1);
    private final List<String> warnings = new ArrayList<>();
    private ClassifierModel dw;
    private ClassifierModel student;

    @TempDir
    Path dir;

    @BeforeEach
    void open() {
        dw = ModelLoader.load(Fixtures.path("student_dw.onnx"), CPU, PreprocessOverrides.none(), warnings::add);
        student = ModelLoader.load(Fixtures.path("student.onnx"), CPU, PreprocessOverrides.none(), warnings::add);
    }

    @AfterEach
    void close() {
        dw.close();
        student.close();
    }

    private Predictor predictor(List<ClassifierModel> models, int batch, boolean flip, BadImagePolicy policy) {
        return new Predictor(models, new Predictor.Options(batch, 2, flip, policy), Progress.silent(), warnings::add);
    }

    /** Names whose sorted order differs from creation order and from numeric order. */
    private Path testFolder(int n) {
        Path testing = dir.resolve("testing");
        for (int i = n - 1; i >= 0; i--) {
            TestImages.writeJpeg(testing.resolve("00").resolve(i + ".jpg"), 200 + 13 * i, 150 + 7 * i, i);
        }
        return testing;
    }

    /** Logits of one image computed alone, without the pipeline. */
    private static float[] alone(ClassifierModel m, Path image, boolean mirror) throws Exception {
        ImagePreprocessor pre = new ImagePreprocessor(PreprocessSpec.assignmentDefault());
        int size = pre.tensorSize();
        FloatBuffer fb = ByteBuffer.allocateDirect(size * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        pre.load(image, fb, 0);
        if (mirror) {
            float[] a = new float[size];
            fb.get(0, a);
            for (int r = 0; r < 3 * 142; r++) {
                for (int x = 0; x < 142; x++) {
                    fb.put(r * 142 + x, a[r * 142 + 141 - x]);
                }
            }
        }
        return m.session().run(fb, 1, 3, 142, 142);
    }

    private static int argmax(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    @Test
    void submissionRowsFollowSortedFileOrder() throws Exception {
        ImageFolder folder = ImageFolder.scan(testFolder(12), false);
        Predictions p = predictor(List.of(dw), 5, false, BadImagePolicy.STOP).run(folder.items());
        Path csv = dir.resolve("predict.csv");
        SubmissionWriter.write(csv, false, p);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("Id,Category", lines.get(0));
        assertEquals(13, lines.size());
        // sorted as strings: 0, 1, 10, 11, 2, 3, ...
        List<String> expectedFiles = List.of("0", "1", "10", "11", "2", "3", "4", "5", "6", "7", "8", "9");
        for (int i = 0; i < 12; i++) {
            Path image = folder.root().resolve("00").resolve(expectedFiles.get(i) + ".jpg");
            assertEquals(image, folder.items().get(i).path());
            float[] expected = alone(dw, image, false);
            assertEquals(i + "," + argmax(expected), lines.get(i + 1));
            for (int c = 0; c < 11; c++) {
                assertEquals(expected[c], p.logits()[i][c], 1e-5);
            }
        }
        assertTrue(Files.readString(csv).endsWith("\n"));
        // never overwritten without force
        BadInputException e = assertThrows(BadInputException.class, () -> SubmissionWriter.write(csv, false, p));
        assertTrue(e.template().contains("{force}"));
        SubmissionWriter.write(csv, true, p);
    }

    private Path folderWithBadImages() throws Exception {
        Path testing = testFolder(6);
        Path d = testing.resolve("00");
        Files.write(d.resolve("2.jpg"), new byte[0]);
        byte[] good = Files.readAllBytes(d.resolve("4.jpg"));
        Files.write(d.resolve("4.jpg"), Arrays.copyOf(good, good.length / 2));
        Files.writeString(d.resolve("5.jpg"), "not really a picture");
        return testing;
    }

    @Test
    void badImagesStopTheRunAndAreAllListed() throws Exception {
        ImageFolder folder = ImageFolder.scan(folderWithBadImages(), false);
        BadImagesException e = assertThrows(BadImagesException.class,
                () -> predictor(List.of(dw), 2, false, BadImagePolicy.STOP).run(folder.items()));
        assertEquals(3, e.bad().size());
        String m = e.getMessage();
        assertTrue(m.startsWith("3 of 6 images are unusable; nothing was written"), m);
        assertTrue(m.contains("2.jpg: empty file") && m.contains("4.jpg: truncated JPEG") && m.contains("5.jpg: not an image"), m);
    }

    @Test
    void decoderMessagesNameTheFileInsteadOfReachingStderrRaw() throws Exception {
        Path testing = dir.resolve("testing");
        byte[] good = TestImages.jpeg(TestImages.photo(300, 200, 2));
        TestImages.write(testing.resolve("00/0.jpg"), good);
        // scan data cut short with the end-of-image marker put back: libjpeg prints "premature end of data segment",
        // Pillow uses the image, and so do we
        TestImages.write(testing.resolve("00/1.jpg"), netcompress.runtime.image.DecoderMessagesTest.cutScanWithEoi(good));
        // a JFIF header of revision 3.x: libjpeg warns, the pixels are whole
        TestImages.write(testing.resolve("00/2.jpg"), netcompress.runtime.image.DecoderMessagesTest.unknownJfifRevision(good));
        // the data ends inside the scan: truncated
        TestImages.write(testing.resolve("00/3.jpg"), java.util.Arrays.copyOf(good, good.length / 2));
        ImageFolder folder = ImageFolder.scan(testing, false);
        BadImagesException e = assertThrows(BadImagesException.class,
                () -> predictor(List.of(dw), 2, false, BadImagePolicy.STOP).run(folder.items()));
        assertEquals(1, e.bad().size());
        assertTrue(e.getMessage().contains("3.jpg: truncated JPEG: the data ends before the scan does"), e.getMessage());
        warnings.clear();
        Predictions p = predictor(List.of(dw), 2, false, BadImagePolicy.SKIP).run(folder.items());
        assertEquals(3, p.logits().length - p.bad().size());
        List<String> decoder = warnings.stream().filter(w -> w.contains("libjpeg")).sorted().toList();
        assertEquals(2, decoder.size(), warnings.toString());
        assertTrue(decoder.get(0).startsWith("warning: " + testing.resolve("00/1.jpg") + ": libjpeg: Corrupt JPEG data: premature end of data segment"),
                decoder.get(0));
        assertTrue(decoder.get(1).startsWith("warning: " + testing.resolve("00/2.jpg") + ": libjpeg: Warning: unknown JFIF revision"), decoder.get(1));
    }

    @Test
    void skipWritesTheGoodRowsWithTheirOriginalIds() throws Exception {
        ImageFolder folder = ImageFolder.scan(folderWithBadImages(), false);
        Predictions p = predictor(List.of(dw), 4, false, BadImagePolicy.SKIP).run(folder.items());
        assertEquals(3, p.bad().size());
        String csv = SubmissionWriter.format(p);
        List<String> ids = csv.lines().skip(1).map(l -> l.split(",")[0]).toList();
        assertEquals(List.of("0", "1", "3"), ids);
        Path npy = dir.resolve("logits.npy");
        LogitsWriter.write(npy, false, p);
        Npy.Array a = Npy.read(npy);
        assertEquals("[6, 11]", Arrays.toString(a.shape()));
        assertTrue(Float.isNaN(a.data()[2 * 11]));
        assertEquals(p.logits()[3][4], a.data()[3 * 11 + 4]);
        Path logitsCsv = dir.resolve("logits.csv");
        LogitsWriter.write(logitsCsv, false, p);
        List<String> rows = Files.readAllLines(logitsCsv);
        assertEquals("Id,logit_0,logit_1,logit_2,logit_3,logit_4,logit_5,logit_6,logit_7,logit_8,logit_9,logit_10", rows.get(0));
        assertEquals(Float.toString(p.logits()[0][0]), rows.get(1).split(",")[1]);
        assertThrows(BadInputException.class, () -> LogitsWriter.write(dir.resolve("logits.txt"), false, p));
    }

    @Test
    void failStopsAtTheFirstBadImage() throws Exception {
        ImageFolder folder = ImageFolder.scan(folderWithBadImages(), false);
        BadImagesException e = assertThrows(BadImagesException.class,
                () -> predictor(List.of(dw), 1, false, BadImagePolicy.FAIL).run(folder.items()));
        assertEquals(1, e.bad().size());
        assertTrue(e.getMessage().contains("2.jpg: empty file"), e.getMessage());
    }

    @Test
    void aCheckThatThrowsBeforeABatchStopsTheRunThere() {
        ImageFolder folder = ImageFolder.scan(testFolder(40), false);
        Predictor predictor = predictor(List.of(dw), 16, false, BadImagePolicy.STOP);
        int[] checks = {0};
        predictor.setBeforeEachBatch(() -> {
            if (++checks[0] == 2) {
                throw new IllegalStateException("cancelled");
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> predictor.run(folder.items()));
        assertEquals("cancelled", e.getMessage());
        assertEquals(2, checks[0], "no batch ran after the check threw");
    }

    @Test
    void flipTtaAveragesTheImageAndItsMirror() throws Exception {
        ImageFolder folder = ImageFolder.scan(testFolder(3), false);
        Predictions p = predictor(List.of(dw), 2, true, BadImagePolicy.STOP).run(folder.items());
        for (int i = 0; i < 3; i++) {
            float[] a = alone(dw, folder.items().get(i).path(), false);
            float[] b = alone(dw, folder.items().get(i).path(), true);
            for (int c = 0; c < 11; c++) {
                assertEquals((a[c] + b[c]) / 2, p.logits()[i][c], 1e-5);
            }
            assertFalse(Arrays.equals(a, b));
        }
    }

    @Test
    void ensemblesAverageLogits() throws Exception {
        ImageFolder folder = ImageFolder.scan(testFolder(3), false);
        Predictions p = predictor(List.of(dw, student), 3, false, BadImagePolicy.STOP).run(folder.items());
        for (int i = 0; i < 3; i++) {
            float[] a = alone(dw, folder.items().get(i).path(), false);
            float[] b = alone(student, folder.items().get(i).path(), false);
            for (int c = 0; c < 11; c++) {
                assertEquals((a[c] + b[c]) / 2, p.logits()[i][c], 1e-5);
            }
        }
    }

    @Test
    void ensembleParameterBudget() {
        List<String> info = new ArrayList<>();
        try (ModelSet set = ModelSet.open(List.of(Fixtures.path("student.onnx"), Fixtures.path("student_dw.onnx")), CPU,
                PreprocessOverrides.none(), warnings::add)) {
            long sum = set.models().get(0).parameters() + set.models().get(1).parameters();
            assertEquals(sum, set.parameters());
            assertTrue(sum > 100_000, "student + student_dw are over the assignment's budget: " + sum);
            set.checkBudget(null, info::add, warnings::add);
            assertTrue(info.get(0).startsWith("ensemble of 2 models: "), info.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains("over the assignment's budget of 100,000")), warnings.toString());
            BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> set.checkBudget(100_000L, info::add, warnings::add));
            assertEquals(1, e.exitCode().code());
            set.checkBudget(sum, info::add, warnings::add);
        }
    }
}
