package netcompress.runtime.image;

import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.tensor.Npy;
import netcompress.runtime.testutil.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagePreprocessorTest {
    private static final PreprocessSpec SMALL = PreprocessSpec.of(24, 20, 3);

    private static FloatBuffer buffer(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static float[] run(ImagePreprocessor p, byte[] bytes) throws BadImageException {
        FloatBuffer fb = buffer(p.tensorSize());
        p.process(bytes, fb, 0);
        float[] out = new float[p.tensorSize()];
        fb.get(0, out);
        return out;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /**
     * The reference tensors are torchvision's Resize + ToTensor on PIL's convert("RGB")
     * (make_pil_reference.py): our decode and resample give the same bytes, so the floats are equal.
     * CMYK conversion rounds differently in libjpeg's path (1 level allowed).
     */
    @ParameterizedTest
    @CsvSource({
            "rgb.jpg, rgb_jpg.npy, 0",
            "gray.jpg, gray_jpg.npy, 0",
            "rgba.png, rgba_png.npy, 0",
            "la.png, la_png.npy, 0",
            "palette.png, palette_png.npy, 0",
            "gray16.png, gray16_png.npy, 0",
            "exif6.jpg, exif6_jpg.npy, 0",
            "rgb.bmp, rgb_bmp.npy, 0",
            "cmyk.jpg, cmyk_jpg.npy, 1",
            "gif_named.png, gif_named_png.npy, 0",
            "gif_offset.gif, gif_offset_gif.npy, 0",
            "rgb16.png, rgb16_png.npy, 0",
            "rgb.tiff, rgb_tiff.npy, 0",
            "rgb.ppm, rgb_ppm.npy, 0",
            "gray.pgm, gray_pgm.npy, 0",
            "rgb.webp, rgb_webp.npy, 0",
            "palette.bmp, palette_bmp.npy, 0",
    })
    void matchesPilAndTorchvision(String image, String reference, int levels) throws Exception {
        Npy.Array ref = Npy.parse(TestImages.resource(reference), reference);
        assertEquals(Arrays.toString(new long[]{3, 24, 20}), Arrays.toString(ref.shape()));
        // JPEGs both ways: the system's libjpeg-turbo and OpenCV's libjpeg
        for (boolean turbo : new boolean[]{true, false}) {
            ImagePreprocessor p = new ImagePreprocessor(SMALL);
            p.useTurboJpeg(turbo);
            double d = maxDiff(run(p, TestImages.resource(image)), ref.data());
            assertTrue(d <= levels / 255.0 + 1e-6, image + (turbo ? " (libturbojpeg)" : " (OpenCV)") + ": differs from PIL by " + d * 255 + " levels");
        }
    }

    @Test
    void upscalingMatchesPilToo() throws Exception {
        ImagePreprocessor p = new ImagePreprocessor(PreprocessSpec.of(36, 50, 3));
        Npy.Array ref = Npy.parse(TestImages.resource("rgb_jpg_up.npy"), "rgb_jpg_up.npy");
        assertEquals(0.0, maxDiff(run(p, TestImages.resource("rgb.jpg")), ref.data()), 1e-6);
    }

    @Test
    void sixteenBitColourKeepsTheHighByte() throws Exception {
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                r.setSample(x, y, 0, 40 * (x + 8 * y));
            }
        }
        // 16-bit gray PNG clips at 255 as PIL does (mode I converted to RGB)
        float[] out = run(new ImagePreprocessor(PreprocessSpec.of(6, 8, 3)), TestImages.encode(img, "png"));
        for (int i = 0; i < 48; i++) {
            assertEquals(Math.min(255, 40 * i) / 255f, out[i], 1e-6, "pixel " + i);
            assertEquals(out[i], out[48 + i]);
        }
    }

    @Test
    void normalisationIsToTensorThenNormalize() throws Exception {
        PreprocessSpec spec = SMALL.withNormalisation(new float[]{0.5f, 0.4f, 0.3f}, new float[]{0.2f, 0.25f, 0.5f});
        float[] plain = run(new ImagePreprocessor(SMALL), TestImages.resource("rgb.jpg"));
        float[] norm = run(new ImagePreprocessor(spec), TestImages.resource("rgb.jpg"));
        int plane = 24 * 20;
        for (int i = 0; i < norm.length; i++) {
            int c = i / plane;
            assertEquals((plain[i] - spec.mean()[c]) / spec.std()[c], norm[i], 1e-6);
        }
    }

    @Test
    void grayscaleModelsGetPillowLuma() throws Exception {
        float[] rgb = run(new ImagePreprocessor(SMALL), TestImages.resource("gray.jpg"));
        float[] gray = run(new ImagePreprocessor(PreprocessSpec.of(24, 20, 1)), TestImages.resource("gray.jpg"));
        // a gray source is its own luma: the one channel equals each of the three
        for (int i = 0; i < gray.length; i++) {
            assertEquals(rgb[i], gray[i], 1.0 / 255 + 1e-6);
        }
    }

    @Test
    void shorterSideCenterCropKeepsTheAspect() throws Exception {
        PreprocessSpec spec = new PreprocessSpec(16, 16, PreprocessSpec.SHORTER_CENTER_CROP, new float[3], new float[]{1, 1, 1}, 3);
        ImagePreprocessor p = new ImagePreprocessor(spec);
        BufferedImage img = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, x < 8 || x >= 56 ? 0xFF0000 : 0x0000FF);
            }
        }
        float[] out = run(p, TestImages.encode(img, "png"));
        // 64x32 -> 32x16, crop the middle 16 columns (source 16..47): all blue, the red edges cut off
        for (int i = 0; i < 256; i++) {
            assertEquals(0f, out[i], 1e-6);
            assertEquals(1f, out[512 + i], 1e-6);
        }
    }

    @Test
    void theDefaultReductionLeavesPillowsFilterAtLeastHalfTheShrink() {
        ImagePreprocessor p = new ImagePreprocessor(PreprocessSpec.assignmentDefault());
        assertEquals(1, p.reduction(640, 480), "480 / 2 = 240 is under 2 x 142");
        assertEquals(2, p.reduction(1200, 900));
        assertEquals(4, p.reduction(2000, 2000));
        assertEquals(8, p.reduction(2400, 2400));
        assertEquals(1, p.reduction(200, 300));
        assertEquals(2, new JpegReduction(1).scale(640, 480, 142, 142), "margin 1: down to the target itself");
        assertEquals(1, JpegReduction.OFF.scale(4000, 4000, 142, 142));
        assertThrows(netcompress.errors.BadInputException.class, () -> new JpegReduction(0.5));
    }

    private static double meanLevels(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length * 255;
    }

    @Test
    void aLargerMarginBringsTheReducedDecodeCloserToPillows() throws Exception {
        byte[] jpg = TestImages.jpeg(TestImages.photo(1200, 900, 7));
        ImagePreprocessor p = new ImagePreprocessor(PreprocessSpec.of(64, 64, 3));
        p.setReducedDecode(false);
        float[] full = run(p, jpg);
        double[] mean = new double[4];
        double[] margins = {1, 1.5, 2, 3};
        for (int i = 0; i < margins.length; i++) {
            p.setJpegReduction(new JpegReduction(margins[i]));
            mean[i] = meanLevels(run(p, jpg), full);
        }
        // margin 1 decodes at 1/8 (150x112), 2 at 1/4 (300x225), 3 at 1/4 too: Pillow's filter does the rest
        assertTrue(mean[0] > mean[2], Arrays.toString(mean));
        assertTrue(mean[2] < 1.0, "default margin: mean difference " + mean[2] + " levels");
        p.setReducedDecode(true);
        assertEquals(mean[2], meanLevels(run(p, jpg), full), 1e-9, "the default is margin 2");
    }

    private static String reason(ImagePreprocessor p, byte[] bytes) {
        return assertThrows(BadImageException.class, () -> run(p, bytes)).getMessage();
    }

    @Test
    void everyBadKindIsRefusedWithItsReason() {
        ImagePreprocessor p = new ImagePreprocessor(SMALL);
        byte[] jpg = TestImages.jpeg(TestImages.photo(64, 48, 3));
        assertTrue(reason(p, new byte[0]).contains("empty"));
        assertTrue(reason(p, "Id,Category\n0,1\n".getBytes(StandardCharsets.UTF_8)).startsWith("not an image"));
        assertTrue(reason(p, Arrays.copyOf(jpg, jpg.length / 2)).startsWith("truncated JPEG"));
        byte[] png = TestImages.encode(TestImages.photo(64, 48, 3), "png");
        assertTrue(reason(p, Arrays.copyOf(png, png.length - 30)).startsWith("truncated PNG"));
        // corrupt: a frame header libjpeg rejects (sampling factor 0), which PIL refuses too
        byte[] corrupt = jpg.clone();
        corrupt[marker(corrupt, 0xC0) + 11] = 0;
        assertTrue(reason(p, corrupt).startsWith("corrupt JPEG"), reason(p, corrupt));
        byte[] badPng = png.clone();
        for (int i = 60; i < badPng.length - 40; i++) {
            badPng[i] = 0x55;
        }
        assertTrue(reason(p, badPng).startsWith("corrupt PNG"), reason(p, badPng));
    }

    @Test
    void decompressionBombsAreRefusedBeforeDecoding() {
        ImagePreprocessor p = new ImagePreprocessor(SMALL);
        // a JPEG whose frame header claims 60000 x 60000 pixels (3.6 G pixels): refused from the header alone
        byte[] jpg = TestImages.jpeg(TestImages.photo(64, 48, 3));
        int sof = marker(jpg, 0xC0);
        jpg[sof + 5] = (byte) (60000 >> 8);
        jpg[sof + 6] = (byte) (60000 & 0xFF);
        jpg[sof + 7] = (byte) (60000 >> 8);
        jpg[sof + 8] = (byte) (60000 & 0xFF);
        String r = reason(p, jpg);
        assertTrue(r.startsWith("decompression bomb") && r.contains("60000x60000"), r);
        // a PNG claiming 20000 x 20000 (400 M pixels) in a few hundred bytes
        byte[] png = TestImages.encode(TestImages.photo(16, 16, 3), "png");
        ByteBuffer.wrap(png).putInt(16, 20000).putInt(20, 20000);
        assertTrue(reason(p, png).startsWith("decompression bomb"));
        // the limit is configurable; a smaller one catches ordinary sizes
        assertTrue(reason(new ImagePreprocessor(SMALL, 1000), TestImages.jpeg(TestImages.photo(64, 48, 3))).startsWith("decompression bomb"));
    }

    private static int marker(byte[] b, int m) {
        int i = 2;
        while (i < b.length) {
            int mk = b[i + 1] & 0xFF;
            if (mk == m) {
                return i;
            }
            i += 2 + ((b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF));
        }
        throw new IllegalStateException("marker not found");
    }
}
