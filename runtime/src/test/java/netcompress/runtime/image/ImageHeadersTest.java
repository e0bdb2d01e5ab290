package netcompress.runtime.image;

import netcompress.runtime.testutil.TestImages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageHeadersTest {
    @Test
    void readsJpegAndPngDimensionsWithoutDecoding() throws Exception {
        ImageHeader j = ImageHeaders.read(TestImages.jpeg(TestImages.photo(123, 45, 1)));
        assertEquals(ImageFormat.JPEG, j.format());
        assertEquals(123, j.width());
        assertEquals(45, j.height());
        assertTrue(j.complete());
        ImageHeader p = ImageHeaders.read(TestImages.encode(TestImages.photo(31, 17, 2), "png"));
        assertEquals(ImageFormat.PNG, p.format());
        assertEquals(31 * 17, p.pixels());
        assertTrue(p.complete());
        ImageHeader b = ImageHeaders.read(TestImages.encode(TestImages.photo(9, 7, 2), "bmp"));
        assertEquals("9x7", b.size());
    }

    @Test
    void truncatedJpegIsIncomplete() throws Exception {
        byte[] full = TestImages.jpeg(TestImages.photo(64, 48, 3));
        assertFalse(ImageHeaders.read(Arrays.copyOf(full, full.length * 2 / 3)).complete());
        // trailing bytes after the end-of-image marker (camera padding) are fine
        byte[] padded = Arrays.copyOf(full, full.length + 100);
        assertTrue(ImageHeaders.read(padded).complete());
    }

    @Test
    void truncatedPngIsIncomplete() throws Exception {
        byte[] full = TestImages.encode(TestImages.photo(64, 48, 3), "png");
        assertFalse(ImageHeaders.read(Arrays.copyOf(full, full.length - 20)).complete());
    }

    @Test
    void emptyAndTextFilesAreRefusedWithTheReason() {
        BadImageException empty = assertThrows(BadImageException.class, () -> ImageHeaders.read(new byte[0]));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        BadImageException text = assertThrows(BadImageException.class,
                () -> ImageHeaders.read("hello, world\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(text.getMessage().startsWith("not an image") && text.getMessage().contains("hello"), text.getMessage());
    }

    @Test
    void jpegCutInsideTheHeaderIsTruncated() {
        byte[] full = TestImages.jpeg(TestImages.photo(64, 48, 3));
        BadImageException e = assertThrows(BadImageException.class, () -> ImageHeaders.read(Arrays.copyOf(full, 30)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
