package netcompress.trainer.teacher;

import netcompress.errors.BadInputException;
import netcompress.trainer.TinyData;
import netcompress.trainer.data.Augmentation;
import netcompress.trainer.data.Batches;
import netcompress.trainer.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CachedTargetsTest {
    private static final float[] MEAN = {0.5f, 0.5f, 0.5f};
    private static final float[] STD = {0.25f, 0.25f, 0.25f};

    /** A teacher whose "logits" are two fingerprints of the pixels it was given. */
    private static final class PixelSums implements Teacher {
        @Override
        public float[] logits(FloatBuffer batch, int n, int c, int h, int w) {
            int per = c * h * w;
            float[] out = new float[2 * n];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < per; p++) {
                    float v = batch.get(i * per + p);
                    out[2 * i] += v;
                    out[2 * i + 1] += v * (p % 7);
                }
            }
            return out;
        }

        @Override
        public int classes() {
            return 2;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aCachedViewHoldsTheLogitsOfThePixelsTheStudentGets() {
        ImageSet set = TinyData.make(23, 2, 3, 16, 5);
        PixelSums teacher = new PixelSums();
        CachedTargets views = CachedTargets.compute(teacher, TeacherTargets.parse("views:3"), set, Augmentation.STANDARD, MEAN, STD, 7, 8, 2, s -> { });
        CachedTargets once = CachedTargets.compute(teacher, TeacherTargets.CACHED, set, Augmentation.STANDARD, MEAN, STD, 7, 8, 2, s -> { });
        try (Batches batches = new Batches(set, 8, Augmentation.STANDARD, MEAN, STD, 2);
             Batches plain = new Batches(set, 8, Augmentation.NONE, MEAN, STD, 2)) {
            for (int epoch = 1; epoch <= 7; epoch++) {
                assertEquals((epoch - 1) % 3 + 1, views.augmentationEpoch(epoch));
                assertEquals(epoch, once.augmentationEpoch(epoch), "cached targets leave the student's augmentation alone");
                compare(views, batches, epoch, views.augmentationEpoch(epoch), teacher);
                compare(once, plain, epoch, 0, teacher);
            }
        }
        // views differ from each other: they are augmented
        assertFalse(java.util.Arrays.equals(rowsOf(views, batches(set), 1), rowsOf(views, batches(set), 2)));
    }

    /** Every batch's cached rows equal the teacher run on that batch's own pixels (cached: on the un-augmented image). */
    private static void compare(CachedTargets targets, Batches pixels, int epoch, int augEpoch, PixelSums teacher) {
        Iterator<netcompress.trainer.data.TrainingBatch> source = pixels.over(Batches.shuffled(23, 7, epoch), 7, augEpoch, true);
        Iterator<TeacherAhead.Prepared> it = targets.over(source, epoch, 3, 16, 16);
        while (it.hasNext()) {
            TeacherAhead.Prepared p = it.next();
            try (var b = p.batch()) {
                assertArrayEquals(teacher.logits(b.data(), b.size(), 3, 16, 16), p.logits(), 1e-3f);
            }
        }
    }

    private static Batches batches(ImageSet set) {
        return new Batches(set, 8, Augmentation.STANDARD, MEAN, STD, 1);
    }

    private static float[] rowsOf(CachedTargets t, Batches b, int epoch) {
        int[] order = new int[23];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] all = new float[0];
        try (b) {
            Iterator<TeacherAhead.Prepared> it = t.over(b.over(order, 7, t.augmentationEpoch(epoch), false), epoch, 3, 16, 16);
            while (it.hasNext()) {
                TeacherAhead.Prepared p = it.next();
                float[] l = p.logits();
                float[] grown = java.util.Arrays.copyOf(all, all.length + l.length);
                System.arraycopy(l, 0, grown, all.length, l.length);
                all = grown;
                p.batch().close();
            }
        }
        return all;
    }

    @Test
    void theModeIsParsedStrictly() {
        assertEquals(TeacherTargets.LIVE, TeacherTargets.parse("live"));
        assertEquals(4, TeacherTargets.parse("views:4").views());
        assertEquals("views:4", TeacherTargets.parse("views:4").cliName());
        for (String bad : new String[] {"views:0", "views:x", "views:", "cache", "views:65"}) {
            assertThrows(BadInputException.class, () -> TeacherTargets.parse(bad), bad);
        }
    }
}
