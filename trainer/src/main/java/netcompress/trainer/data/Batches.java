package netcompress.trainer.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares batches on {@code workers} background threads while the caller trains on the previous
 * one. Each image's augmentation is seeded from (seed, epoch, position), so the batches are the same
 * whatever the thread count: a resumed run sees the data an uninterrupted one would.
 */
public final class Batches implements AutoCloseable {
    private final ImageSet set;
    private final int batchSize;
    private final Augmentation augmentation;
    private final float[] mean;
    private final float[] std;
    private final ExecutorService pool;
    private final BlockingQueue<ByteBuffer> buffers;
    private final int ahead;

    public Batches(ImageSet set, int batchSize, Augmentation augmentation, float[] mean, float[] std, int workers) {
        this.set = set;
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.mean = mean;
        this.std = std;
        int threads = Math.max(1, workers);
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "netcompress-batches");
            t.setDaemon(true);
            return t;
        });
        this.ahead = threads + 1;
        // the queue ahead, the batch in training and two a teacher pipeline may hold
        this.buffers = new ArrayBlockingQueue<>(ahead + 4);
        int floats = batchSize * set.channels() * set.height() * set.width();
        for (int i = 0; i < ahead + 4; i++) {
            buffers.add(ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()));
        }
    }

    public int imageFloats() {
        return set.channels() * set.height() * set.width();
    }

    /** Batches over {@code order}; a last batch of one image is dropped when {@code dropSingleton} (BN cannot train on it). */
    public Iterator<TrainingBatch> over(int[] order, long seed, int epoch, boolean dropSingleton) {
        int n = order.length;
        int count = (n + batchSize - 1) / batchSize;
        if (dropSingleton && count > 0 && n - (count - 1) * batchSize == 1) {
            count--;
        }
        int batches = count;
        return new Iterator<>() {
            private final Deque<Future<TrainingBatch>> queue = new ArrayDeque<>();
            private int submitted;
            private int taken;

            private void fill() {
                while (submitted < batches && queue.size() < ahead) {
                    int b = submitted++;
                    queue.add(pool.submit(() -> make(order, b, seed, epoch)));
                }
            }

            @Override
            public boolean hasNext() {
                return taken < batches;
            }

            @Override
            public TrainingBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                fill();
                Future<TrainingBatch> f = queue.poll();
                taken++;
                try {
                    TrainingBatch batch = f.get();
                    fill();
                    return batch;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while preparing a batch", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        };
    }

    private TrainingBatch make(int[] order, int b, long seed, int epoch) throws InterruptedException {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        ByteBuffer bytes = buffers.take();
        FloatBuffer buf = bytes.asFloatBuffer();
        int[] labels = new int[to - from];
        int[] idx = new int[to - from];
        int per = imageFloats();
        for (int j = from; j < to; j++) {
            int i = order[j];
            idx[j - from] = i;
            labels[j - from] = set.labels()[i];
            augmentation.apply(set, i, imageSeed(seed, epoch, i), mean, std, buf, (j - from) * per);
        }
        return new TrainingBatch(bytes, labels, idx, buffers);
    }

    static long imageSeed(long seed, int epoch, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    /** The epoch's shuffled order (Fisher-Yates from a generator seeded by seed and epoch). */
    public static int[] shuffled(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(imageSeed(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
