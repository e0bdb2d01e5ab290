package netcompress.testdata.corrupt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorruptImagesTest {
    @TempDir
    Path tmp;

    @Test
    void writesEveryCaseDeterministically() throws IOException {
        Map<CorruptImage, Path> files = CorruptImages.writeAll(tmp);
        assertEquals(CorruptImage.values().length, files.size());
        for (var e : files.entrySet()) {
            assertTrue(Files.exists(e.getValue()));
            assertEquals(e.getKey().fileName(), e.getValue().getFileName().toString());
            assertArrayEquals(Files.readAllBytes(e.getValue()), CorruptImages.bytes(e.getKey()), e.getKey().name());
        }
        assertEquals(0, Files.size(files.get(CorruptImage.EMPTY)));
    }

    @Test
    void uniformValidFilesDecodeToTheirDocumentedSizeAndColour() throws IOException {
        for (CorruptImage c : new CorruptImage[]{CorruptImage.PLAIN_JPEG, CorruptImage.GIF, CorruptImage.PNG, CorruptImage.PNG_NAMED_JPG,
                CorruptImage.PNG_16BIT}) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(CorruptImages.bytes(c)));
            assertNotNull(img, c.name());
            assertEquals(c.width(), img.getWidth(), c.name());
            assertEquals(c.height(), img.getHeight(), c.name());
            assertColour(c.rgb(), img.getRGB(c.width() / 2, c.height() / 2), 4, c.name());
        }
        BufferedImage rgba = ImageIO.read(new ByteArrayInputStream(CorruptImages.bytes(CorruptImage.RGBA_PNG)));
        assertTrue(rgba.getColorModel().hasAlpha());
        assertEquals(128, rgba.getRGB(5, 5) >>> 24);
        assertColour(CorruptImage.RGBA_PNG.rgb(), rgba.getRGB(5, 5), 0, "rgba");
        BufferedImage gray = ImageIO.read(new ByteArrayInputStream(CorruptImages.bytes(CorruptImage.GRAY_JPEG)));
        assertEquals(1, gray.getRaster().getNumBands());
        // the stored sample, not getRGB: Java treats 8-bit gray as linear and would gamma-correct it to 168
        assertEquals(CorruptImage.GRAY_JPEG.rgb() & 0xff, gray.getRaster().getSample(20, 15, 0), 2);
        assertEquals(16, ImageIO.read(new ByteArrayInputStream(CorruptImages.bytes(CorruptImage.PNG_16BIT))).getColorModel().getComponentSize(0));
    }

    @Test
    void cmykJpegHasFourInvertedChannelsAndAnAdobeMarker() throws IOException {
        byte[] b = CorruptImages.bytes(CorruptImage.CMYK_JPEG);
        assertTrue(indexOf(b, "Adobe".getBytes()) > 0);
        Raster r = readRaster(b);
        assertEquals(4, r.getNumBands());
        int[] px = r.getPixel(16, 12, (int[]) null);
        int[] inverted = {255, 0, 0, 255};
        for (int i = 0; i < 4; i++) {
            assertEquals(inverted[i], px[i], 6, "channel " + i);
        }
    }

    @Test
    void exifJpegIsStoredLandscapeAndTaggedForClockwiseRotation() throws IOException {
        byte[] b = CorruptImages.bytes(CorruptImage.EXIF_ROTATED_JPEG);
        BufferedImage stored = ImageIO.read(new ByteArrayInputStream(b));
        assertEquals(64, stored.getWidth()); // ImageIO ignores EXIF: this is the stored, unrotated picture
        assertEquals(32, stored.getHeight());
        assertColour(0xFF0000, stored.getRGB(8, 16), 20, "left");
        assertColour(0x0000FF, stored.getRGB(56, 16), 20, "right");
        int exif = indexOf(b, "Exif\0\0".getBytes());
        assertTrue(exif > 0);
        assertArrayEquals(new byte[]{0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06},
                Arrays.copyOfRange(b, exif + 6 + 10, exif + 6 + 20), "Orientation tag = 6");
        assertEquals(CorruptImage.EXIF_ROTATED_JPEG.width(), stored.getHeight());
        assertEquals(CorruptImage.EXIF_ROTATED_JPEG.height(), stored.getWidth());
    }

    @Test
    void bombsDeclareHugeSizesInSmallFiles() throws IOException {
        for (CorruptImage c : new CorruptImage[]{CorruptImage.BOMB_JPEG, CorruptImage.BOMB_PNG}) {
            byte[] b = CorruptImages.bytes(c);
            assertTrue(b.length < 2_000, c + " is " + b.length + " bytes");
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                ImageReader reader = readers.next();
                reader.setInput(in);
                assertEquals(60_000, reader.getWidth(0), c.name());
                assertEquals(60_000, reader.getHeight(0), c.name());
                reader.dispose();
            }
        }
    }

    @Test
    void brokenFilesAreNotImages() throws IOException {
        for (CorruptImage c : new CorruptImage[]{CorruptImage.EMPTY, CorruptImage.RANDOM_BYTES, CorruptImage.TEXT_AS_JPEG}) {
            assertFalse(c.valid());
            assertNull(ImageIO.read(new ByteArrayInputStream(CorruptImages.bytes(c))), c.name());
        }
        byte[] truncated = CorruptImages.bytes(CorruptImage.TRUNCATED_JPEG);
        assertEquals(0xFF, truncated[0] & 0xff);
        assertEquals(0xD8, truncated[1] & 0xff);
        assertTrue(CorruptImages.indexOfMarker(truncated, 0xDA) < truncated.length - 100, "cut inside the scan, not before it");
        assertFalse((truncated[truncated.length - 2] & 0xff) == 0xFF && (truncated[truncated.length - 1] & 0xff) == 0xD9, "no EOI");
    }

    private static Raster readRaster(byte[] b) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            Raster r = reader.readRaster(0, null);
            reader.dispose();
            return r;
        }
    }

    private static void assertColour(int expected, int actual, int tolerance, String what) {
        for (int s = 0; s < 24; s += 8) {
            assertEquals((expected >> s) & 0xff, (actual >> s) & 0xff, tolerance,
                    what + ": expected " + Integer.toHexString(expected) + " got " + Integer.toHexString(actual & 0xffffff));
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
