package netcompress.runtime.loading;

import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;
import netcompress.runtime.image.BadImageException;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decoder threads turn files into tensors in pooled batches while the caller's thread runs the
 * model on the previous batch. The caller's thread hands out batches in order, keeping
 * {@code decoders + 2} in flight so that decoding never waits for inference and vice versa;
 * the decoders' queue is FIFO, so batch b is finished before work on batch b+1 starts.
 */
public final class BatchLoader {
    /** Receives each batch, in order, once all its images are decoded. */
    public interface Consumer {
        void accept(DecodedBatch batch);
    }

    private final SampleLoader loader;
    private final int batchSize;
    private final int decoders;
    private final boolean flip;
    private volatile long waitNanos;

    /**
     * @param flip also fill view 1 with each image mirrored left-right (flip TTA)
     */
    public BatchLoader(SampleLoader loader, int batchSize, int decoders, boolean flip) {
        if (batchSize < 1 || decoders < 1) {
            throw new IllegalArgumentException("batch size and decoder threads must be positive");
        }
        this.loader = loader;
        this.batchSize = batchSize;
        this.decoders = decoders;
        this.flip = flip;
    }

    /** Nanoseconds the consuming thread spent waiting for decoders in the last run. */
    public long waitNanos() {
        return waitNanos;
    }

    public void run(List<ImageItem> items, Consumer consumer) {
        int n = items.size();
        int batches = (n + batchSize - 1) / batchSize;
        int inFlight = Math.min(batches, decoders + 2);
        DecodedBatch[] pool = new DecodedBatch[inFlight];
        for (int i = 0; i < inFlight; i++) {
            pool[i] = new DecodedBatch(batchSize, loader.tensorSize(), flip ? 2 : 1);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService exec = Executors.newFixedThreadPool(decoders, r -> {
            Thread t = new Thread(r, "netcompress-decoder");
            t.setDaemon(true);
            return t;
        });
        long waited = 0;
        try {
            for (int b = 0; b < inFlight; b++) {
                dispatch(exec, pool[b], items, b, failure);
            }
            for (int b = 0; b < batches; b++) {
                DecodedBatch batch = pool[b % inFlight];
                long t0 = System.nanoTime();
                batch.await();
                waited += System.nanoTime() - t0;
                Throwable f = failure.get();
                if (f != null) {
                    throw f instanceof RuntimeException re ? re
                            : new NetcompressException(ExitCode.INTERNAL, "image decoding failed: " + f, f);
                }
                consumer.accept(batch);
                if (b + inFlight < batches) {
                    dispatch(exec, batch, items, b + inFlight, failure);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetcompressException(ExitCode.INTERNAL, "interrupted while decoding images", e);
        } finally {
            exec.shutdownNow();
            waitNanos = waited;
        }
    }

    private void dispatch(ExecutorService exec, DecodedBatch batch, List<ImageItem> items, int b, AtomicReference<Throwable> failure) {
        int start = b * batchSize;
        int count = Math.min(batchSize, items.size() - start);
        batch.reset(start, count);
        int size = loader.tensorSize();
        for (int slot = 0; slot < count; slot++) {
            ImageItem item = items.get(start + slot);
            batch.set(slot, item);
            int s = slot;
            exec.execute(() -> {
                try {
                    decodeInto(batch, s, item, size);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    batch.done();
                }
            });
        }
    }

    private void decodeInto(DecodedBatch batch, int slot, ImageItem item, int size) {
        FloatBuffer main = batch.view(0);
        int offset = slot * size;
        try {
            loader.load(item, main, offset);
        } catch (BadImageException e) {
            batch.markBad(slot, e.getMessage());
            for (int v = 0; v < batch.viewCount(); v++) {
                FloatBuffer buf = batch.view(v);
                for (int i = 0; i < size; i++) {
                    buf.put(offset + i, 0f);
                }
            }
            return;
        }
        if (flip) {
            mirror(main, batch.view(1), offset, loader.channels() * loader.height(), loader.width());
        }
    }

    /** Copies {@code rows} rows of {@code width} floats from src to dst, each row reversed. */
    static void mirror(FloatBuffer src, FloatBuffer dst, int offset, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            int base = offset + r * width;
            for (int x = 0; x < width; x++) {
                dst.put(base + width - 1 - x, src.get(base + x));
            }
        }
    }
}
