package netcompress.trainer.teacher;

import netcompress.trainer.data.Augmentation;
import netcompress.trainer.data.Batches;
import netcompress.trainer.data.ImageSet;
import netcompress.trainer.data.TrainingBatch;

import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Teacher logits computed once before training ({@link TeacherTargets} {@code cached} or {@code views:K})
 * and looked up by image position: a batch costs the teacher nothing. Views are made by the same
 * {@link Batches} seeding the training batches use, so view v of image i holds exactly the pixels
 * the student gets for image i in an epoch whose augmentation epoch is v.
 */
public final class CachedTargets implements SoftTargets {
    private final float[][] logits; // [view][image * classes]
    private final int classes;
    private final boolean augmentedViews;

    private CachedTargets(float[][] logits, int classes, boolean augmentedViews) {
        this.logits = logits;
        this.classes = classes;
        this.augmentedViews = augmentedViews;
    }

    public static CachedTargets compute(Teacher teacher, TeacherTargets mode, ImageSet set, Augmentation augmentation, float[] mean, float[] std,
                                        long seed, int batch, int workers, Consumer<String> log) {
        if (mode.live()) {
            throw new IllegalArgumentException("live targets are not cached");
        }
        int k = teacher.classes();
        int views = Math.max(1, mode.views());
        // cached: the evaluation transform once; views:K: the training augmentation of epochs 1..K
        Augmentation aug = mode.views() == 0 ? Augmentation.NONE : augmentation;
        float[][] table = new float[views][set.size() * k];
        int[] order = new int[set.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        long t0 = System.nanoTime();
        try (Batches batches = new Batches(set, batch, aug, mean, std, workers)) {
            for (int v = 0; v < views; v++) {
                int epoch = mode.views() == 0 ? 0 : v + 1;
                Iterator<TrainingBatch> it = batches.over(order, seed, epoch, false);
                while (it.hasNext()) {
                    try (TrainingBatch b = it.next()) {
                        float[] l = teacher.logits(b.data(), b.size(), set.channels(), set.height(), set.width());
                        for (int j = 0; j < b.size(); j++) {
                            System.arraycopy(l, j * k, table[v], b.indices()[j] * k, k);
                        }
                    }
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        log.accept(String.format(Locale.ROOT, "teacher targets %s: %d view%s of %d images in %.0f s (%.0f img/s), reused every epoch",
                mode.cliName(), views, views == 1 ? "" : "s", set.size(), s, views * set.size() / s));
        return new CachedTargets(table, k, mode.views() > 0);
    }

    /** The view of {@code epoch}: views:K cycles through its K augmentations; cached has one, the un-augmented image. */
    public int view(int epoch) {
        return (epoch - 1) % logits.length;
    }

    /** views:K: the epoch its view was made with; cached: the epoch itself (its targets belong to no augmentation). */
    @Override
    public int augmentationEpoch(int epoch) {
        return augmentedViews ? view(epoch) + 1 : epoch;
    }

    @Override
    public Iterator<TeacherAhead.Prepared> over(Iterator<TrainingBatch> batches, int epoch, int channels, int height, int width) {
        float[] table = logits[view(epoch)];
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public TeacherAhead.Prepared next() {
                TrainingBatch b = batches.next();
                float[] rows = new float[b.size() * classes];
                for (int j = 0; j < b.size(); j++) {
                    System.arraycopy(table, b.indices()[j] * classes, rows, j * classes, classes);
                }
                return new TeacherAhead.Prepared(b, CompletableFuture.completedFuture(rows));
            }
        };
    }

    @Override
    public void close() {
        // nothing native: the teacher is its owner's to close
    }
}
