package netcompress.runtime.image;

import netcompress.onnx.meta.PreprocessSpec;
import netcompress.testdata.corrupt.CorruptImage;
import netcompress.testdata.corrupt.CorruptImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared corpus of awkward files (test-data) against our policy, which follows torchvision's
 * default loader (PIL open + convert("RGB")): GIF decoded from its palette, EXIF orientation
 * not applied, alpha dropped without compositing.
 */
class CorruptImageCorpusTest {
    private static final Map<CorruptImage, String> REFUSED = Map.of(
            CorruptImage.EMPTY, "empty file",
            CorruptImage.TRUNCATED_JPEG, "truncated JPEG",
            CorruptImage.RANDOM_BYTES, "not an image",
            CorruptImage.TEXT_AS_JPEG, "not an image",
            CorruptImage.BOMB_JPEG, "decompression bomb",
            CorruptImage.BOMB_PNG, "decompression bomb");

    @ParameterizedTest
    @EnumSource(CorruptImage.class)
    void eachCaseIsDecodedOrRefusedWithItsReason(CorruptImage c) throws Exception {
        ImagePreprocessor p = new ImagePreprocessor(PreprocessSpec.of(16, 16, 3));
        FloatBuffer fb = ByteBuffer.allocateDirect(p.tensorSize() * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        byte[] bytes = CorruptImages.bytes(c);
        String refused = REFUSED.get(c);
        if (refused != null) {
            BadImageException e = assertThrows(BadImageException.class, () -> p.process(bytes, fb, 0));
            assertTrue(e.getMessage().startsWith(refused), c + ": " + e.getMessage());
            return;
        }
        p.process(bytes, fb, 0);
        if (c == CorruptImage.EXIF_ROTATED_JPEG) {
            // stored 64x32, red left and blue right; not rotated, as torchvision's loader does not rotate
            assertEquals(1f, fb.get(8 * 16 + 1), 0.05f);
            assertEquals(0f, fb.get(2 * 256 + 8 * 16 + 1), 0.05f);
            assertEquals(1f, fb.get(2 * 256 + 8 * 16 + 14), 0.05f);
            return;
        }
        int centre = 8 * 16 + 8;
        int rgb = c.rgb();
        float tolerance = c == CorruptImage.CMYK_JPEG ? 3 / 255f : 1.5f / 255f;
        assertEquals((rgb >> 16 & 0xFF) / 255f, fb.get(centre), tolerance, c + " red");
        assertEquals((rgb >> 8 & 0xFF) / 255f, fb.get(256 + centre), tolerance, c + " green");
        assertEquals((rgb & 0xFF) / 255f, fb.get(512 + centre), tolerance, c + " blue");
    }
}
