package netcompress.datasets;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** In-memory JPEG and PNG encoding with ImageIO; the bytes depend only on the pixels and the quality. */
public final class ImageEncoding {
    // ImageWriters are not thread-safe but are costly enough to create that each worker keeps one.
    private static final ThreadLocal<ImageWriter> JPEG = ThreadLocal.withInitial(() -> writer("jpeg"));
    private static final ThreadLocal<ImageWriter> PNG = ThreadLocal.withInitial(() -> writer("png"));

    private ImageEncoding() {
    }

    /** Baseline JPEG at {@code quality} in (0, 1]. */
    public static byte[] jpeg(RenderedImage image, float quality) {
        if (!(quality > 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
        }
        ImageWriter w = JPEG.get();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        return encode(w, new IIOImage(image, null, null), p);
    }

    public static byte[] png(RenderedImage image) {
        ImageWriter w = PNG.get();
        return encode(w, new IIOImage(image, null, null), w.getDefaultWriteParam());
    }

    public static byte[] encode(ImageWriter w, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(out);
            w.write(null, image, param);
            w.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImageWriter writer(String format) {
        var it = ImageIO.getImageWritersByFormatName(format);
        if (!it.hasNext()) {
            throw new IllegalStateException("this JVM has no ImageIO writer for " + format);
        }
        return it.next();
    }
}
