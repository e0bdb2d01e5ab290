package netcompress.trainer.teacher;

import netcompress.trainer.data.TrainingBatch;

import java.util.Iterator;

/**
 * Where a distillation batch's teacher logits come from: the teacher run on the batch itself
 * ({@link TeacherAhead}), or logits it computed once before training ({@link CachedTargets}).
 */
public interface SoftTargets extends AutoCloseable {
    /**
     * The epoch whose augmentation the batches of {@code epoch} must carry: cached views were computed
     * on given augmentations, and the student has to see the image its targets belong to.
     */
    int augmentationEpoch(int epoch);

    /** The batches with their teacher logits on the way. */
    Iterator<TeacherAhead.Prepared> over(Iterator<TrainingBatch> batches, int epoch, int channels, int height, int width);

    @Override
    void close();
}
