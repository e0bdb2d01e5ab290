package netcompress.runtime.image;

import netcompress.onnx.meta.PreprocessSpec;
import netcompress.runtime.testutil.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libjpeg's messages reach the caller as one line naming the file, or make the image bad, whichever decoder ran. */
public class DecoderMessagesTest {
    @TempDir
    Path dir;

    private static FloatBuffer buffer(ImagePreprocessor p) {
        return ByteBuffer.allocateDirect(p.tensorSize() * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A JPEG cut in the middle of its scan data with the end-of-image marker put back, as repair tools leave it. */
    public static byte[] cutScanWithEoi(byte[] jpg) {
        byte[] cut = java.util.Arrays.copyOf(jpg, jpg.length / 2 + 2);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9;
        return cut;
    }

    /** A complete JPEG whose JFIF header claims revision 3.x: libjpeg warns, every pixel decodes. */
    public static byte[] unknownJfifRevision(byte[] jpg) {
        byte[] out = jpg.clone();
        assertEquals("JFIF", new String(out, 6, 4, java.nio.charset.StandardCharsets.ISO_8859_1), "ImageIO writes a JFIF APP0 first");
        out[11] = 3;
        return out;
    }

    @Test
    void bothJpegDecodersAreHere() {
        assertTrue(DecoderMessages.shared().active(), "stderr capture needs libc through JNA on this machine");
        assertTrue(TurboJpeg.available(), "libturbojpeg0 (Debian) is what .ci/run installs for the JPEG path");
    }

    /** The system's libjpeg-turbo reports warnings through its API, OpenCV's libjpeg on stderr: both paths, the same lines. */
    private static ImagePreprocessor preprocessor(int size, boolean turbo) {
        ImagePreprocessor p = new ImagePreprocessor(PreprocessSpec.of(size, size, 3));
        p.useTurboJpeg(turbo);
        return p;
    }

    /**
     * The scan meets a marker before its data is done: libjpeg fills the rest with grey and warns, and Pillow uses
     * the image (the file is not truncated, the data goes on to its end-of-image marker), so we do too, saying so.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aJpegWhoseScanMeetsAMarkerEarlyIsUsedWithOneWarningNamingWhatLibjpegSaid(boolean turbo) throws Exception {
        Path file = TestImages.write(dir.resolve("cut.jpg"), cutScanWithEoi(TestImages.jpeg(TestImages.photo(320, 240, 4))));
        ImagePreprocessor p = preprocessor(64, turbo);
        List<String> warnings = new ArrayList<>();
        p.setWarnings(warnings::add);
        p.load(file, buffer(p), 0);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("warning: " + file + ": libjpeg: Corrupt JPEG data: premature end of data segment")
                && warnings.get(0).contains("the pixels may be damaged"), warnings.get(0));
    }

    /** The data ends inside the scan: Pillow says "image file is truncated", and so do we, without a warning besides. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aJpegWhoseDataEndsInTheScanIsTruncated(boolean turbo) {
        byte[] jpg = TestImages.jpeg(TestImages.photo(320, 240, 4));
        Path file = TestImages.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpg, jpg.length / 2));
        ImagePreprocessor p = preprocessor(64, turbo);
        List<String> warnings = new ArrayList<>();
        p.setWarnings(warnings::add);
        BadImageException e = assertThrows(BadImageException.class, () -> p.load(file, buffer(p), 0));
        assertTrue(e.getMessage().startsWith("truncated JPEG: the data ends before the scan does"), e.getMessage());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aWarningAboutACompleteImageIsOneLineNamingTheFileAndTheImageIsUsed(boolean turbo) throws Exception {
        byte[] good = TestImages.jpeg(TestImages.photo(96, 64, 5));
        Path file = TestImages.write(dir.resolve("jfif3.jpg"), unknownJfifRevision(good));
        ImagePreprocessor p = preprocessor(32, turbo);
        List<String> warnings = new ArrayList<>();
        p.setWarnings(warnings::add);
        FloatBuffer got = buffer(p);
        p.load(file, got, 0);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("warning: " + file + ": libjpeg: Warning: unknown JFIF revision number 3."), warnings.get(0));
        FloatBuffer clean = buffer(p);
        p.process(good, clean, 0);
        assertEquals(clean, got, "the header's revision changes no pixel");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void decodersRunningTogetherEachGetOnlyTheirOwnMessages(boolean turbo) throws Exception {
        byte[] good = TestImages.jpeg(TestImages.photo(200, 150, 6));
        byte[] odd = unknownJfifRevision(good);
        ImagePreprocessor p = preprocessor(32, turbo);
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        p.setWarnings(warnings::add);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                Path f = TestImages.write(dir.resolve((i % 8 == 0 ? "odd" : "good") + i + ".jpg"), i % 8 == 0 ? odd : good);
                jobs.add(pool.submit(() -> {
                    p.load(f, buffer(p), 0);
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(10, warnings.size(), warnings.toString());
        for (String w : warnings) {
            assertTrue(w.contains("/odd"), w);
        }
    }

    @Test
    void linesThatAreNotADecodersPassThrough() {
        assertTrue(DecoderMessages.FROM_DECODER.test("Corrupt JPEG data: premature end of data segment"));
        assertTrue(DecoderMessages.FROM_DECODER.test("libpng warning: iCCP: known incorrect sRGB profile"));
        assertTrue(!DecoderMessages.FROM_DECODER.test("epoch 3/8  lr 8.14e-04"));
        assertTrue(!DecoderMessages.FROM_DECODER.test("warning: a.jpg: something netcompress says"));
    }
}
