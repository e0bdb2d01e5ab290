package netcompress.runtime.image;

import netcompress.onnx.meta.PreprocessSpec;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns one image file into the model's input: decode, convert to RGB the way PIL's
 * {@code convert("RGB")} does, resize as torchvision's {@code Resize} on a PIL image does, scale to
 * [0,1], normalise, and write planar C x H x W floats into a buffer. Thread-safe; one instance serves
 * every decoder thread.
 *
 * <p>Decisions that keep us in agreement with torchvision's default loader ({@code Image.open} then
 * {@code convert("RGB")}):
 * <ul>
 *   <li>EXIF orientation is ignored, as PIL's convert does not apply it (OpenCV would rotate by default).</li>
 *   <li>Alpha is dropped, not composited; grayscale is replicated to three channels.</li>
 *   <li>16-bit colour keeps the high byte; 16-bit grayscale PNG is clipped at 255, because PIL opens it as
 *       mode "I" and its conversion to RGB clips rather than scales.</li>
 *   <li>CMYK JPEG (Adobe, inverted) uses (255-C)(255-K)/255, Pillow's formula, within one level.</li>
 * </ul>
 * Formats are told by their magic bytes, never by the file's name. JPEG goes to the system's libjpeg-turbo
 * ({@link TurboJpeg}, the library Pillow decodes with) where it is installed, else to OpenCV, as do PNG, BMP,
 * PNM, TIFF, WebP and CMYK JPEGs; GIF (which OpenCV lacks), and any other format OpenCV's build cannot read, to javax.imageio
 * ({@link JavaImageDecoder}); a format neither reads is refused naming it.
 * Damaged files get PIL's decision, file by file (measured on a corpus of 300 damaged photos made with Pillow,
 * bench/RESULTS.md): refused are empty or unknown content, declared sizes over the bomb limit, what libjpeg or
 * libpng stops on (Pillow's "broken data stream"), a PNG checksum wrong before the image data, and a JPEG or PNG
 * whose data ends before the decoder is done ("truncated", said of nothing else). Damage Pillow decodes through
 * (libjpeg's warnings: a marker met mid-scan, extraneous bytes; a wrong IDAT checksum; no IEND) is decoded to
 * Pillow's very pixels and reported as one warning line naming the file ({@link DecoderMessages} catches what native
 * decoders print). One decision differs, on purpose: a JPEG that lacks only its end-of-image marker, its scan
 * complete, is used with a warning, its pixels exactly the whole image's; Pillow refuses it because its reader
 * asks for bytes ahead of those it decodes.
 * A JPEG well above the target size is decoded at 1/2, 1/4 or 1/8 scale by libjpeg's scaled IDCT, several
 * times cheaper than a full decode; how far it may go is a {@link JpegReduction} (at least its margin times
 * the target must remain, so that Pillow's own filter does most of the shrink);
 * {@link #setReducedDecode(boolean)} turns it off for exact comparisons.
 */
public final class ImagePreprocessor {
    /** Pillow raises DecompressionBombError above twice its MAX_IMAGE_PIXELS (89,478,485). */
    public static final long DEFAULT_MAX_PIXELS = 2L * 89_478_485L;
    /** Larger files are refused unread: no photo in a classification set comes near it. */
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;
    /** The default decode's reduction, chosen on answer agreement with the PIL pipeline (bench/RESULTS.md). */
    public static final JpegReduction DEFAULT_REDUCTION = new JpegReduction(2);

    private static final int IMREAD_IGNORE_ORIENTATION = 128;

    private final PreprocessSpec spec;
    private final long maxPixels;
    private final float[][] levels;
    private volatile JpegReduction jpegReduction = DEFAULT_REDUCTION;
    private volatile Consumer<String> warnings = System.err::println;
    private volatile boolean turboJpeg = TurboJpeg.available();

    public ImagePreprocessor(PreprocessSpec spec) {
        this(spec, DEFAULT_MAX_PIXELS);
    }

    public ImagePreprocessor(PreprocessSpec spec, long maxPixels) {
        OpenCvLoader.ensureLoaded();
        this.spec = spec;
        this.maxPixels = maxPixels;
        this.levels = new float[spec.channels()][256];
        for (int c = 0; c < spec.channels(); c++) {
            for (int v = 0; v < 256; v++) {
                // the same float32 operations as ToTensor (div 255) then Normalize ((x - mean) / std)
                levels[c][v] = (v / 255f - spec.mean()[c]) / spec.std()[c];
            }
        }
    }

    public PreprocessSpec spec() {
        return spec;
    }

    /** On: the default {@link JpegReduction}; off: every JPEG decoded at full size, as PIL does. */
    public void setReducedDecode(boolean on) {
        this.jpegReduction = on ? DEFAULT_REDUCTION : JpegReduction.OFF;
    }

    /** Where a decoder's warning about an image that still decoded in full goes, one line naming the file. */
    public void setWarnings(Consumer<String> sink) {
        this.warnings = sink;
    }

    /** Tests run the OpenCV path for JPEGs too; false also where libturbojpeg is not installed. */
    void useTurboJpeg(boolean on) {
        this.turboJpeg = on && TurboJpeg.available();
    }

    public void setJpegReduction(JpegReduction reduction) {
        this.jpegReduction = reduction;
    }

    /** Floats one image occupies in the buffer. */
    public int tensorSize() {
        return spec.channels() * spec.height() * spec.width();
    }

    public static byte[] readFile(Path file) throws BadImageException {
        try {
            long size = Files.size(file);
            if (size > DEFAULT_MAX_FILE_BYTES) {
                throw new BadImageException("file of " + size + " bytes is over the limit of " + DEFAULT_MAX_FILE_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return in.readAllBytes();
            }
        } catch (NoSuchFileException e) {
            throw new BadImageException("no such file");
        } catch (IOException e) {
            throw new BadImageException("cannot read: " + e.getMessage());
        }
    }

    /** Reads, checks and preprocesses {@code file} into {@code dst[offset .. offset + tensorSize())}. */
    public void load(Path file, FloatBuffer dst, int offset) throws BadImageException {
        process(readFile(file), file.toString(), dst, offset);
    }

    public void process(byte[] bytes, FloatBuffer dst, int offset) throws BadImageException {
        process(bytes, "image", dst, offset);
    }

    private void process(byte[] bytes, String source, FloatBuffer dst, int offset) throws BadImageException {
        write(resize(decodeRgb(bytes, source)), dst, offset);
    }

    /**
     * Interleaved 8-bit pixels: three channels in B, G, R order when {@code bgr} (OpenCV's order, swapped
     * back while writing the tensor), else R, G, B; or one gray channel.
     */
    public record Pixels(byte[] data, int width, int height, int channels, boolean bgr) {
        /** Decoded B, G, R bytes as a model of {@code channels} (1 or 3) takes them: as they are, or Pillow's luma. */
        static Pixels ofBgr(byte[] bgr, int width, int height, int channels) {
            return channels == 1 ? luma(bgr, width, height) : new Pixels(bgr, width, height, 3, true);
        }
    }

    /** As {@link #decodeRgb(byte[], String)} for bytes without a file name. */
    public Pixels decodeRgb(byte[] bytes) throws BadImageException {
        return decodeRgb(bytes, "image");
    }

    /**
     * Checks the header and decodes to interleaved pixels (BGR or gray), as PIL's {@code convert("RGB")} would see
     * them, making PIL's decision on a damaged file: what Pillow decodes is decoded, and each damage it passes over
     * in silence (a libjpeg warning, a wrong IDAT checksum, no IEND) becomes one warning line naming {@code source}
     * and saying the pixels may be damaged. Refused: what Pillow refuses, "truncated" only where the data ends
     * before the decoder is done.
     */
    public Pixels decodeRgb(byte[] bytes, String source) throws BadImageException {
        ImageHeader h = ImageHeaders.read(bytes);
        check(h);
        if (h.format() == ImageFormat.GIF) {
            // OpenCV has no GIF codec; javax.imageio's gives the first frame with its palette, as PIL does
            return JavaImageDecoder.decode(bytes, h, spec.channels());
        }
        List<String> notes = new ArrayList<>();
        byte[] data = bytes;
        if (h.format() == ImageFormat.PNG) {
            PngStream.ForLibpng png = PngStream.prepare(bytes);
            data = png.bytes();
            notes.addAll(png.notes());
        }
        DecoderMessages.Captured<Pixels> c = decode(data, h);
        for (String m : c.messages()) {
            if (m.startsWith("libpng error")) {
                throw new BadImageException("corrupt PNG: the decoder reports '" + m + "'");
            }
        }
        if (h.format() == ImageFormat.JPEG && (!h.complete() || !c.messages().isEmpty() && !ImageHeaders.jpegDataComplete(data))) {
            c = decodeEndedJpeg(data, h, c);
            // Pillow refuses these (its reader asks for bytes ahead of those it decodes), but no pixel is missing
            warnings.accept("warning: " + source + ": JPEG: no end-of-image marker, but the scan is complete (the image is whole and used)");
        }
        notes.addAll(c.messages());
        if (!notes.isEmpty()) {
            warnings.accept("warning: " + source + ": " + decoderName(h.format()) + ": " + String.join("; ", notes)
                    + " (the pixels may be damaged; the image is used, as PIL uses it)");
        }
        return c.value();
    }

    private DecoderMessages.Captured<Pixels> decode(byte[] bytes, ImageHeader h) throws BadImageException {
        if (h.format() == ImageFormat.JPEG && turboJpeg) {
            TurboJpeg.Decoded d = TurboJpeg.decode(bytes, reduction(h.width(), h.height()));
            if (d != null) {
                return new DecoderMessages.Captured<>(Pixels.ofBgr(d.bgr(), d.width(), d.height(), spec.channels()),
                        d.warning() == null ? List.of() : List.of(d.warning()));
            }
        }
        return DecoderMessages.shared().capture(() -> decodeWithOpenCv(bytes, h));
    }

    /**
     * A JPEG whose data ends before libjpeg is done with it (no end-of-image marker, or a damaged file whose markers
     * run past its end: {@link ImageHeaders#jpegDataComplete}): Pillow reads it only if
     * the decoder had every bit of the scan before the end. Decoded again with the end-of-image marker put back, such
     * a file decodes cleanly; one whose scan needs more data meets the marker mid-scan, and is truncated.
     */
    private DecoderMessages.Captured<Pixels> decodeEndedJpeg(byte[] bytes, ImageHeader h, DecoderMessages.Captured<Pixels> first)
            throws BadImageException {
        byte[] closed = Arrays.copyOf(bytes, bytes.length + 2);
        closed[bytes.length] = (byte) 0xFF;
        closed[bytes.length + 1] = (byte) 0xD9;
        DecoderMessages.Captured<Pixels> again = decode(closed, h);
        if (!again.messages().isEmpty()) {
            String said = first.messages().isEmpty() ? "" : " (libjpeg: '" + first.messages().get(0) + "')";
            throw new BadImageException("truncated JPEG: the data ends before the scan does" + said);
        }
        return again;
    }

    private static String decoderName(ImageFormat f) {
        return switch (f) {
            case JPEG -> "libjpeg";
            case PNG -> "libpng";
            case TIFF -> "libtiff";
            case WEBP -> "libwebp";
            default -> "OpenCV";
        };
    }

    private Pixels decodeWithOpenCv(byte[] bytes, ImageHeader h) throws BadImageException {
        int flags = Imgcodecs.IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION;
        boolean gray16 = h.format() == ImageFormat.PNG && h.bitDepth() == 16 && h.grayscale() && !h.hasAlpha();
        if (gray16) {
            flags = Imgcodecs.IMREAD_ANYDEPTH | IMREAD_IGNORE_ORIENTATION;
        } else if (h.format() == ImageFormat.JPEG) {
            int r = reduction(h.width(), h.height());
            flags = r == 8 ? Imgcodecs.IMREAD_REDUCED_COLOR_8 : r == 4 ? Imgcodecs.IMREAD_REDUCED_COLOR_4
                    : r == 2 ? Imgcodecs.IMREAD_REDUCED_COLOR_2 : flags;
            flags |= IMREAD_IGNORE_ORIENTATION;
        }
        Mat buf = new Mat(1, bytes.length, CvType.CV_8UC1);
        Mat img = null;
        Mat tmp = null;
        try {
            buf.put(0, 0, bytes);
            img = Imgcodecs.imdecode(buf, flags);
            if (img.empty()) {
                if (h.format() != ImageFormat.JPEG && h.format() != ImageFormat.PNG) {
                    // a format this OpenCV build has no codec for (or reads differently): javax.imageio may
                    return JavaImageDecoder.decode(bytes, h, spec.channels());
                }
                throw new BadImageException("corrupt " + h.format() + ": the decoder could not read the pixel data");
            }
            if (gray16) {
                tmp = new Mat();
                img.convertTo(tmp, CvType.CV_8U); // saturates at 255 like PIL's I -> RGB
                img.release();
                img = tmp;
                tmp = null;
            }
            int ch = img.channels();
            if (spec.channels() == 1) {
                return ch == 3 ? Pixels.ofBgr(bytesOf(img), img.cols(), img.rows(), 1) : new Pixels(bytesOf(img), img.cols(), img.rows(), 1, false);
            }
            if (ch == 1) {
                tmp = new Mat();
                Imgproc.cvtColor(img, tmp, Imgproc.COLOR_GRAY2BGR);
                return Pixels.ofBgr(bytesOf(tmp), tmp.cols(), tmp.rows(), 3);
            }
            return Pixels.ofBgr(bytesOf(img), img.cols(), img.rows(), 3);
        } catch (CvException e) {
            throw new BadImageException("corrupt " + h.format() + ": " + firstLine(e.getMessage()));
        } finally {
            buf.release();
            if (img != null) {
                img.release();
            }
            if (tmp != null) {
                tmp.release();
            }
        }
    }

    /** Pillow's RGB -> L: (19595 R + 38470 G + 7471 B + 0x8000) >> 16 (OpenCV's own weights round differently). */
    private static Pixels luma(byte[] bgr, int width, int height) {
        byte[] l = new byte[width * height];
        for (int i = 0, p = 0; i < l.length; i++, p += 3) {
            l[i] = (byte) (((bgr[p + 2] & 0xFF) * 19595 + (bgr[p + 1] & 0xFF) * 38470 + (bgr[p] & 0xFF) * 7471 + 0x8000) >> 16);
        }
        return new Pixels(l, width, height, 1, false);
    }

    private void check(ImageHeader h) throws BadImageException {
        if (h.pixels() > maxPixels) {
            throw new BadImageException("decompression bomb: declares " + h.size() + " = " + h.pixels()
                    + " pixels, over the limit of " + maxPixels + " (Pillow refuses it too)");
        }
    }

    /** 8, 4, 2 or 1: the libjpeg scale this preprocessor decodes a srcW x srcH JPEG at. */
    int reduction(int srcW, int srcH) {
        int[] target = resizeTarget(srcW, srcH);
        return jpegReduction.scale(srcW, srcH, target[0], target[1]);
    }

    /** Width and height the whole image is resized to before any crop. */
    private int[] resizeTarget(int w, int h) {
        if (PreprocessSpec.STRETCH.equals(spec.resize())) {
            return new int[]{spec.width(), spec.height()};
        }
        int size = Math.max(spec.width(), spec.height());
        // torchvision Resize(int): the shorter side becomes size, the longer keeps the aspect (truncated)
        return w <= h ? new int[]{size, (int) ((long) size * h / w)} : new int[]{(int) ((long) size * w / h), size};
    }

    /** Resizes (and for shorter-center-crop, crops) to the spec's height and width. */
    public Pixels resize(Pixels src) {
        int[] t = resizeTarget(src.width(), src.height());
        byte[] out = PilResample.resize(src.data(), src.width(), src.height(), src.channels(), t[0], t[1]);
        if (t[0] == spec.width() && t[1] == spec.height()) {
            return new Pixels(out, t[0], t[1], src.channels(), src.bgr());
        }
        // torchvision CenterCrop: top = round((H - h) / 2), left = round((W - w) / 2)
        int top = (int) Math.round((t[1] - spec.height()) / 2.0);
        int left = (int) Math.round((t[0] - spec.width()) / 2.0);
        int ch = src.channels();
        byte[] crop = new byte[spec.width() * spec.height() * ch];
        for (int y = 0; y < spec.height(); y++) {
            System.arraycopy(out, ((top + y) * t[0] + left) * ch, crop, y * spec.width() * ch, spec.width() * ch);
        }
        return new Pixels(crop, spec.width(), spec.height(), ch, src.bgr());
    }

    /** Writes ToTensor + Normalize output, planar, at {@code offset}. */
    public void write(Pixels p, FloatBuffer dst, int offset) {
        int plane = p.width() * p.height();
        int ch = p.channels();
        byte[] d = p.data();
        for (int c = 0; c < ch; c++) {
            float[] lut = levels[c];
            int base = offset + c * plane;
            int from = p.bgr() ? ch - 1 - c : c;
            for (int i = 0, s = from; i < plane; i++, s += ch) {
                dst.put(base + i, lut[d[s] & 0xFF]);
            }
        }
    }

    private static byte[] bytesOf(Mat m) {
        byte[] b = new byte[(int) (m.total() * m.channels())];
        m.get(0, 0, b);
        return b;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "decoder error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

}
