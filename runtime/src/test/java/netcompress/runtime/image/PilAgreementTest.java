package netcompress.runtime.image;

import netcompress.onnx.meta.PreprocessSpec;
import netcompress.testdata.damaged.DamagedPhotos;
import netcompress.testdata.damaged.DamagedPhotos.Photo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * File by file, the decision PIL makes ({@code Image.open(f).convert("RGB")}) on 300 damaged JPEGs and PNGs
 * (test-data's {@link DamagedPhotos}, made with python3-pil), against ours: every file PIL reads is read, to PIL's
 * pixels where the data allows; "truncated" is said only of files whose data ends early. The agreement table and
 * the pixel difference are written to {@code target/pil-agreement-SEED.txt} (bench/pil_agreement.sh runs more seeds).
 */
class PilAgreementTest {
    private static final List<Result> RESULTS = new ArrayList<>();

    /** Our decision on one file: its pixel difference from PIL's (when both read it) or our message. */
    private record Result(Photo photo, boolean read, String message, double meanDiff, int maxDiff, String warning, int maxDiffFromOriginal) {
    }

    @BeforeAll
    static void decideEveryFile() throws IOException {
        assumeTrue(DamagedPhotos.skipReason() == null, DamagedPhotos.skipReason());
        ImagePreprocessor p = new ImagePreprocessor(PreprocessSpec.of(64, 64, 3));
        p.setReducedDecode(false);
        List<String> warnings = new ArrayList<>();
        p.setWarnings(warnings::add);
        for (Photo photo : DamagedPhotos.photos()) {
            warnings.clear();
            byte[] bytes = Files.readAllBytes(photo.file());
            try {
                ImagePreprocessor.Pixels px = p.decodeRgb(bytes, photo.toString());
                double mean = Double.NaN;
                int max = -1;
                if (photo.pilReads()) {
                    int[] d = difference(px, Files.readAllBytes(photo.pixels()), photo.width(), photo.height());
                    mean = d[0] / (3.0 * photo.width() * photo.height());
                    max = d[1];
                }
                int fromOriginal = photo.original() == null ? -1
                        : difference(px, Files.readAllBytes(photo.original()), px.width(), px.height())[1];
                RESULTS.add(new Result(photo, true, null, mean, max, warnings.isEmpty() ? null : warnings.get(0), fromOriginal));
            } catch (BadImageException e) {
                RESULTS.add(new Result(photo, false, e.getMessage(), Double.NaN, -1, null, -1));
            }
        }
        Files.writeString(Path.of("target", "pil-agreement-" + DamagedPhotos.SEED + ".txt"), report());
    }

    /** Sum and maximum of |ours - PIL| over every R, G, B byte; a size mismatch counts as 255 everywhere. */
    private static int[] difference(ImagePreprocessor.Pixels px, byte[] pil, int w, int h) {
        if (px.width() != w || px.height() != h) {
            return new int[] {255 * 3 * w * h, 255};
        }
        int sum = 0;
        int max = 0;
        byte[] ours = px.data();
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) {
                int o = px.channels() == 1 ? ours[i] & 0xFF : ours[i * 3 + (px.bgr() ? 2 - c : c)] & 0xFF;
                int d = Math.abs(o - (pil[i * 3 + c] & 0xFF));
                sum += d;
                max = Math.max(max, d);
            }
        }
        return new int[] {sum, max};
    }

    private static String report() {
        Map<String, int[]> byKind = new TreeMap<>();
        double diffSum = 0;
        int both = 0;
        int exact = 0;
        for (Result r : RESULTS) {
            int[] t = byKind.computeIfAbsent(r.photo().format() + " " + r.photo().kind(), k -> new int[4]);
            t[(r.photo().pilReads() ? 0 : 2) + (r.read() ? 0 : 1)]++;
            if (r.read() && r.photo().pilReads()) {
                diffSum += r.meanDiff();
                both++;
                exact += r.maxDiff() == 0 ? 1 : 0;
            }
        }
        StringBuilder s = new StringBuilder("kind                     both read  PIL only  ours only  both refuse\n");
        int agree = 0;
        for (Map.Entry<String, int[]> e : byKind.entrySet()) {
            int[] t = e.getValue();
            agree += t[0] + t[3];
            s.append(String.format("%-24s %9d %9d %10d %12d%n", e.getKey(), t[0], t[1], t[2], t[3]));
        }
        s.append(String.format("agreement: %d of %d files; on the %d both read, mean |ours - PIL| %.4f levels per byte, %d identical%n",
                agree, RESULTS.size(), both, both == 0 ? 0 : diffSum / both, exact));
        for (Result r : RESULTS) {
            if (r.read() != r.photo().pilReads() || (r.read() && r.photo().pilReads() && r.maxDiff() > 0)) {
                s.append(r.photo()).append(": PIL ").append(r.photo().pilReads() ? "reads" : "refuses (" + r.photo().pilError() + ")")
                        .append(", ours ").append(r.read() ? "reads" + (r.maxDiff() >= 0 ? String.format(" (mean diff %.3f, max %d)", r.meanDiff(), r.maxDiff()) : "")
                                + (r.maxDiffFromOriginal() >= 0 ? " (max diff from the uncut original " + r.maxDiffFromOriginal() + ")" : "")
                                + (r.warning() == null ? "" : " warning: " + r.warning()) : "refuses (" + r.message() + ")").append('\n');
            }
        }
        return s.toString();
    }

    @Test
    void everyFilePilReadsIsRead() {
        List<String> missed = RESULTS.stream().filter(r -> r.photo().pilReads() && !r.read()).map(r -> r.photo() + ": " + r.message()).toList();
        assertTrue(missed.isEmpty(), "PIL reads these, we refuse them:\n" + String.join("\n", missed) + "\n" + report());
    }

    /** Without libturbojpeg (or for CMYK files) JPEGs go to OpenCV's own libjpeg: the same files are read. */
    @Test
    void everyFilePilReadsIsReadByOpenCvsLibjpegToo() throws IOException {
        ImagePreprocessor p = new ImagePreprocessor(PreprocessSpec.of(64, 64, 3));
        p.setReducedDecode(false);
        p.useTurboJpeg(false);
        p.setWarnings(w -> { });
        List<String> missed = new ArrayList<>();
        for (Photo photo : DamagedPhotos.photos()) {
            if (photo.pilReads()) {
                try {
                    p.decodeRgb(Files.readAllBytes(photo.file()), photo.toString());
                } catch (BadImageException e) {
                    missed.add(photo + ": " + e.getMessage());
                }
            }
        }
        assertTrue(missed.isEmpty(), "PIL reads these, the OpenCV path refuses them:\n" + String.join("\n", missed));
    }

    @Test
    void randomBytesInTheScanAreReadWithAWarningWherePilReadsThem() {
        List<Result> mid = RESULTS.stream().filter(r -> r.photo().kind().equals("random_span") && r.photo().format().equals("jpg")
                && r.photo().pilReads()).toList();
        assertTrue(!mid.isEmpty(), "the corpus has no JPEG with random bytes mid-scan that PIL reads:\n" + report());
        for (Result r : mid) {
            assertTrue(r.read(), r.photo() + ": " + r.message());
            assertTrue(r.warning() != null && r.warning().contains(r.photo().toString()) && r.warning().contains("may be damaged"),
                    r.photo() + ": one warning naming the file and saying the pixels may be damaged, got " + r.warning());
        }
    }

    @Test
    void pixelsAreThoseOfPilWhereBothRead() {
        List<Result> both = RESULTS.stream().filter(r -> r.read() && r.photo().pilReads()).toList();
        double mean = both.stream().mapToDouble(Result::meanDiff).average().orElse(0);
        assertTrue(mean < 0.5, "mean |ours - PIL| " + mean + " levels\n" + report());
        for (Result r : both) {
            if (r.photo().kind().equals("clean") || r.photo().kind().equals("after_end")) {
                assertEquals(0, r.maxDiff(), r.photo() + ": an undamaged image decodes to PIL's very pixels");
            }
        }
    }

    /**
     * The files we read that PIL refuses are JPEGs cut only in their end-of-image marker: every bit of the scan is
     * there, so the pixels are the whole image's, exactly. Pillow refuses them because its reader asks for bytes
     * ahead of the ones it decodes, not because any pixel is missing; a prediction is what a user wants of them.
     */
    @Test
    void whatWeReadAndPilRefusesIsTheWholeImage() {
        for (Result r : RESULTS) {
            if (r.read() && !r.photo().pilReads()) {
                assertEquals(0, r.maxDiffFromOriginal(), r.photo() + " (PIL: " + r.photo().pilError() + ") is read but is not the whole image");
                assertTrue(r.warning() != null && r.warning().contains("no end-of-image marker"), r.photo() + ": " + r.warning());
            }
        }
    }

    @Test
    void truncatedIsSaidOnlyOfDataThatEndsEarly() {
        for (Result r : RESULTS) {
            if (!r.read() && r.message().contains("truncated")) {
                // a header segment whose damaged length runs past the end cannot be told from a file cut there
                boolean header = r.photo().kind().equals("header") && r.message().contains("ends inside its header");
                // damage may also declare a segment that runs past the end: PIL calls that truncated too
                boolean pilToo = !r.photo().pilReads() && r.photo().pilError().contains("truncated");
                assertTrue(r.photo().kind().startsWith("truncate") || header || pilToo, r.photo() + " is not truncated, yet: " + r.message());
            }
        }
    }
}
