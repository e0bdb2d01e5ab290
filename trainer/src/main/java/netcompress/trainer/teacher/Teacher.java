package netcompress.trainer.teacher;

import java.nio.FloatBuffer;

/** A frozen model that turns a batch of preprocessed images into logits (the distillation target). */
public interface Teacher extends AutoCloseable {
    /**
     * @param batch  NCHW floats, exactly {@code n * channels * height * width} of them from position 0
     * @param n      images in the batch
     * @return       {@code n * classes} logits, row-major
     */
    float[] logits(FloatBuffer batch, int n, int channels, int height, int width);

    int classes();

    @Override
    void close();
}
