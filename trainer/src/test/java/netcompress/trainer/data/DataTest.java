package netcompress.trainer.data;

import netcompress.errors.BadInputException;
import netcompress.trainer.TinyData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataTest {
    @Test
    void refusesDataRootsThatWouldTrainOrValidateOnTheTestSplit(@TempDir Path dir) throws Exception {
        Path food = dir.resolve("food-11");
        Files.createDirectories(food.resolve("testing/00"));
        assertThrows(BadInputException.class, () -> DataRoot.open(food.resolve("testing"), 32, 1), "the test folder as root");
        // an ImageFolder pair whose validation folder is a link to the test split
        Path pair = dir.resolve("pair");
        Files.createDirectories(pair.resolve("train/a"));
        Files.createSymbolicLink(pair.resolve("val"), food.resolve("testing"));
        BadInputException e = assertThrows(BadInputException.class, () -> DataRoot.open(pair, 32, 1));
        assertTrue(e.getMessage().contains("test split"), e.getMessage());
        // the assignment's layout with a validation folder pointing at testing
        Path layout = dir.resolve("layout");
        Files.createDirectories(layout.resolve("training/labeled/00"));
        Files.createSymbolicLink(layout.resolve("validation"), food.resolve("testing"));
        assertThrows(BadInputException.class, () -> DataRoot.open(layout, 32, 1));
        // a root that holds testing/ as if it were a class folder of a plain ImageFolder
        Path flat = dir.resolve("flat");
        Files.createDirectories(flat.resolve("train/testing"));
        Files.createDirectories(flat.resolve("val/x"));
        assertThrows(BadInputException.class, () -> DataRoot.open(flat, 32, 1));
    }

    @Test
    void theDefaultSizeIsTheImagesOwnWhenTheyAreSmallerThanThePhotoSide(@TempDir Path dir) throws Exception {
        for (int[] c : new int[][] {{28, 28, 28}, {300, 200, 142}, {60, 90, 90}}) {
            Path root = dir.resolve("r" + c[0] + "x" + c[1]);
            Files.createDirectories(root.resolve("train/a"));
            Files.createDirectories(root.resolve("val/a"));
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(c[0], c[1], java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png",
                    root.resolve("train/a/0.png").toFile());
            assertEquals(c[2], DataRoot.defaultSize(root), c[0] + "x" + c[1]);
        }
    }

    @Test
    void autoIsTheMeasuredDefaultAndPseudoWhereEveryImageNeedsALabel() {
        assertEquals(UnlabeledUse.DEFAULT, UnlabeledUse.resolve("auto", true, true, false));
        assertEquals(UnlabeledUse.PSEUDO, UnlabeledUse.resolve("auto", true, true, true), "dkd labels every image");
        assertEquals(UnlabeledUse.NONE, UnlabeledUse.resolve("auto", true, false, false));
        assertEquals(UnlabeledUse.NONE, UnlabeledUse.resolve(null, false, true, false));
        assertThrows(BadInputException.class, () -> UnlabeledUse.resolve("soft", false, true, false), "no teacher");
    }

    @Test
    void theDefaultAugmentationFollowsTheImages() {
        // small images: crops and flips only; colour photos: the full recipe; grey photos: no colour jitter
        assertEquals(Augmentation.LIGHT, Augmentation.defaultFor(TinyData.make(4, 2, 3, 28, 1)));
        assertEquals(Augmentation.LIGHT, Augmentation.defaultFor(TinyData.make(4, 2, 1, 32, 1)));
        assertEquals(Augmentation.STANDARD, Augmentation.defaultFor(TinyData.make(4, 2, 3, 64, 1)));
        ImageSet colour = TinyData.make(4, 2, 3, 64, 1);
        java.util.List<byte[]> grey = new java.util.ArrayList<>();
        for (byte[] px : colour.images()) {
            byte[] g = px.clone();
            int plane = 64 * 64;
            System.arraycopy(g, 0, g, plane, plane);
            System.arraycopy(g, 0, g, 2 * plane, plane);
            grey.add(g);
        }
        Augmentation a = Augmentation.defaultFor(new ImageSet(grey, colour.labels(), 3, 64, 64, colour.classNames()));
        assertEquals(0, a.jitter());
        assertEquals(Augmentation.STANDARD.maxDegrees(), a.maxDegrees());
        assertTrue(Augmentation.describeDefault(new ImageSet(grey, colour.labels(), 3, 64, 64, colour.classNames())).contains("grey photos"));
    }

    @Test
    void augmentationIsSeededAndTheEvaluationTransformOnlyNormalises() {
        ImageSet set = TinyData.make(2, 2, 3, 20, 1);
        float[] mean = {0.5f, 0.4f, 0.3f};
        float[] std = {0.2f, 0.2f, 0.2f};
        float[] a = run(Augmentation.STANDARD, set, 42, mean, std);
        float[] b = run(Augmentation.STANDARD, set, 42, mean, std);
        float[] c = run(Augmentation.STANDARD, set, 43, mean, std);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        float[] plain = run(Augmentation.NONE, set, 42, mean, std);
        byte[] px = set.images().get(0);
        for (int i = 0; i < px.length; i++) {
            int ch = i / 400;
            assertEquals(((px[i] & 0xff) / 255f - mean[ch]) / std[ch], plain[i], 1e-6);
        }
    }

    private static float[] run(Augmentation aug, ImageSet set, long seed, float[] mean, float[] std) {
        int n = 3 * 20 * 20;
        FloatBuffer fb = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        aug.apply(set, 0, seed, mean, std, fb, 0);
        float[] out = new float[n];
        fb.get(0, out);
        return out;
    }

    @Test
    void batchesAreTheSameWhateverTheWorkerCount() {
        ImageSet set = TinyData.make(21, 3, 3, 12, 4);
        float[] mean = {0, 0, 0};
        float[] std = {1, 1, 1};
        float[] one = collect(set, 1, mean, std);
        float[] three = collect(set, 3, mean, std);
        assertArrayEquals(one, three);
    }

    private static float[] collect(ImageSet set, int workers, float[] mean, float[] std) {
        int per = 3 * 12 * 12;
        float[] all = new float[set.size() * per];
        try (Batches b = new Batches(set, 5, Augmentation.STANDARD, mean, std, workers)) {
            var it = b.over(Batches.shuffled(set.size(), 7, 2), 7, 2, true);
            int pos = 0;
            while (it.hasNext()) {
                try (TrainingBatch batch = it.next()) {
                    FloatBuffer fb = batch.bytes(per).asFloatBuffer();
                    fb.get(all, pos, batch.size() * per);
                    pos += batch.size() * per;
                }
            }
            assertEquals(20 * per, pos, "the last batch of one image is dropped");
        }
        return all;
    }
}
