package netcompress.trainer.data;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.concurrent.BlockingQueue;

/**
 * One batch of preprocessed images in a pooled direct buffer (libtorch and ONNX Runtime read direct
 * memory without another copy); {@link #close()} hands the buffer back to the pool.
 */
public final class TrainingBatch implements AutoCloseable {
    private final ByteBuffer bytes;
    private final FloatBuffer data;
    private final int[] labels;
    private final int[] indices;
    private final BlockingQueue<ByteBuffer> pool;

    TrainingBatch(ByteBuffer bytes, int[] labels, int[] indices, BlockingQueue<ByteBuffer> pool) {
        this.bytes = bytes;
        this.data = bytes.asFloatBuffer();
        this.labels = labels;
        this.indices = indices;
        this.pool = pool;
    }

    public FloatBuffer data() {
        return data;
    }

    /** The batch's floats as native-order bytes, exactly {@code size() * imageFloats * 4} of them. */
    public ByteBuffer bytes(int imageFloats) {
        ByteBuffer b = bytes.duplicate().order(bytes.order());
        b.position(0).limit(labels.length * imageFloats * 4);
        return b.slice().order(bytes.order());
    }

    public int[] labels() {
        return labels;
    }

    /** Positions of the images in their set. */
    public int[] indices() {
        return indices;
    }

    public int size() {
        return labels.length;
    }

    @Override
    public void close() {
        pool.offer(bytes);
    }
}
