package netcompress.testdata.corrupt;

import netcompress.datasets.ImageEncoding;
import netcompress.datasets.synth.FoodClass;
import netcompress.datasets.synth.SceneRenderer;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/** Writes the {@link CorruptImage} corpus; the bytes are the same on every run. */
public final class CorruptImages {
    private CorruptImages() {
    }

    /** Writes every case into {@code dir} (created if missing) and returns where each went. */
    public static Map<CorruptImage, Path> writeAll(Path dir) {
        return CorpusFiles.writeAll(CorruptImage.class, kind -> write(kind, dir));
    }

    public static Path write(CorruptImage kind, Path dir) {
        return CorpusFiles.write(dir, kind.fileName(), bytes(kind));
    }

    public static byte[] bytes(CorruptImage kind) {
        return switch (kind) {
            case PLAIN_JPEG -> ImageEncoding.jpeg(uniform(48, 32, kind.rgb()), 0.95f);
            case EMPTY -> new byte[0];
            case TRUNCATED_JPEG -> truncatedJpeg();
            case RANDOM_BYTES -> randomBytes();
            case TEXT_AS_JPEG -> "This is a shopping list, not a photo.\nbread\neggs\nrice\n".getBytes(StandardCharsets.UTF_8);
            case GIF -> gif();
            case PNG, PNG_NAMED_JPG -> ImageEncoding.png(uniform(40, 30, CorruptImage.PNG.rgb()));
            case CMYK_JPEG -> cmykJpeg();
            case PNG_16BIT -> png16();
            case RGBA_PNG -> rgbaPng();
            case GRAY_JPEG -> grayJpeg();
            case EXIF_ROTATED_JPEG -> exifRotatedJpeg();
            case BOMB_JPEG -> bombJpeg();
            case BOMB_PNG -> bombPng();
        };
    }

    static BufferedImage uniform(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static byte[] truncatedJpeg() {
        byte[] full = ImageEncoding.jpeg(SceneRenderer.render(FoodClass.SOUP, 42, 128, 96), 0.9f);
        int sos = indexOfMarker(full, 0xDA);
        return Arrays.copyOf(full, sos + (full.length - sos) / 2);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4096];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        b[0] = 0x42; // never a JPEG or PNG signature by chance
        return b;
    }

    private static byte[] gif() {
        BufferedImage indexed = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D g = indexed.createGraphics();
        g.setColor(new Color(CorruptImage.GIF.rgb()));
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        return ImageEncoding.encode(writer("gif"), new IIOImage(indexed, null, null), null);
    }

    /** Inverted CMYK (Adobe transform 0) showing red: C=0, M=Y=255, K=0, stored as 255 - ink. */
    private static byte[] cmykJpeg() {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 24, 4, null);
        int[] inverted = {255, 0, 0, 255};
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                r.setPixel(x, y, inverted);
            }
        }
        ImageWriter w = writer("jpeg");
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.95f);
        byte[] raw = ImageEncoding.encode(w, new IIOImage(r, null, null), p);
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0x00, 0x0E, 'A', 'd', 'o', 'b', 'e', 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00};
        return insertAfterHeaderSegments(raw, adobe);
    }

    private static byte[] png16() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(40, 30);
        int[] px = {0xFFFF, 0x8080, 0x0000};
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                r.setPixel(x, y, px);
            }
        }
        return ImageEncoding.png(new BufferedImage(cm, r, false, null));
    }

    private static byte[] rgbaPng() {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
        int argb = (128 << 24) | CorruptImage.RGBA_PNG.rgb();
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, argb);
            }
        }
        return ImageEncoding.png(img);
    }

    private static byte[] grayJpeg() {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                r.setSample(x, y, 0, 100);
            }
        }
        return ImageEncoding.jpeg(img, 0.95f);
    }

    private static byte[] exifRotatedJpeg() {
        BufferedImage img = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 32, 32);
        g.setColor(Color.BLUE);
        g.fillRect(32, 0, 32, 32);
        g.dispose();
        byte[] jpeg = ImageEncoding.jpeg(img, 0.95f);
        ByteArrayOutputStream app1 = new ByteArrayOutputStream();
        byte[] tiff = {
                'M', 'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,           // big-endian TIFF, first IFD at 8
                0x00, 0x01,                                             // one entry
                0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, // Orientation SHORT 1 = 6
                0x00, 0x00, 0x00, 0x00};                                // no next IFD
        int length = 2 + 6 + tiff.length;
        app1.write(0xFF);
        app1.write(0xE1);
        app1.write(length >> 8);
        app1.write(length & 0xff);
        app1.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        app1.writeBytes(tiff);
        return insertAfterHeaderSegments(jpeg, app1.toByteArray());
    }

    private static byte[] bombJpeg() {
        byte[] jpeg = ImageEncoding.jpeg(uniform(16, 16, 0x808080), 0.9f);
        int sof = indexOfMarker(jpeg, 0xC0);
        // SOF0: FF C0, length (2), precision (1), height (2), width (2)
        ByteBuffer.wrap(jpeg, sof + 5, 4).putShort((short) 60_000).putShort((short) 60_000);
        return jpeg;
    }

    private static byte[] bombPng() {
        byte[] png = ImageEncoding.png(uniform(16, 16, 0x808080));
        // signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), 5 more bytes, CRC over type + data
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, 60_000).putInt(20, 60_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /** Offset of the first marker {@code FF code} in a JPEG. */
    static int indexOfMarker(byte[] jpeg, int code) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == code) {
                return i;
            }
        }
        throw new IllegalStateException("JPEG has no marker FF " + Integer.toHexString(code));
    }

    /** Inserts a segment after SOI and any APP0 (JFIF must stay first), before the tables. */
    private static byte[] insertAfterHeaderSegments(byte[] jpeg, byte[] segment) {
        int at = 2;
        if ((jpeg[2] & 0xff) == 0xFF && (jpeg[3] & 0xff) == 0xE0) {
            at = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        }
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, at);
        System.arraycopy(segment, 0, out, at, segment.length);
        System.arraycopy(jpeg, at, out, at + segment.length, jpeg.length - at);
        return out;
    }

    private static ImageWriter writer(String format) {
        var it = ImageIO.getImageWritersByFormatName(format);
        return it.next();
    }
}
