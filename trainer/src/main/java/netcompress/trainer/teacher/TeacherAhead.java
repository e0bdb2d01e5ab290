package netcompress.trainer.teacher;

import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;
import netcompress.trainer.data.TrainingBatch;

import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the teacher one batch ahead on its own thread, so ONNX Runtime computes the next batch's soft
 * targets while libtorch trains the student on the current one: the two engines overlap instead of
 * taking turns. The batch buffer stays untouched until the student step has closed it.
 */
public final class TeacherAhead implements SoftTargets {
    /** A batch with its teacher logits on the way. */
    public record Prepared(TrainingBatch batch, Future<float[]> teacherLogits) {
        public float[] logits() {
            try {
                return teacherLogits.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the teacher", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof NetcompressException ne) {
                    throw ne;
                }
                throw new NetcompressException(ExitCode.INTERNAL, "the teacher failed on a batch: " + e.getCause(), e.getCause());
            }
        }
    }

    private final Teacher teacher;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "netcompress-teacher");
        t.setDaemon(true);
        return t;
    });

    public TeacherAhead(Teacher teacher) {
        this.teacher = teacher;
    }

    /** Live targets belong to the batch's own augmentation. */
    @Override
    public int augmentationEpoch(int epoch) {
        return epoch;
    }

    @Override
    public Iterator<Prepared> over(Iterator<TrainingBatch> batches, int epoch, int channels, int height, int width) {
        return new Iterator<>() {
            private final Deque<Prepared> ahead = new ArrayDeque<>();

            private void fill() {
                while (ahead.size() < 2 && batches.hasNext()) {
                    TrainingBatch b = batches.next();
                    FloatBuffer data = b.data();
                    int n = b.size();
                    ahead.add(new Prepared(b, thread.submit(() -> teacher.logits(data, n, channels, height, width))));
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !ahead.isEmpty();
            }

            @Override
            public Prepared next() {
                fill();
                if (ahead.isEmpty()) {
                    throw new NoSuchElementException();
                }
                return ahead.poll();
            }
        };
    }

    /**
     * Stops the worker and waits for the batch it is running: the teacher's session (and the batch buffer
     * it reads) may be closed right after this returns, and ONNX Runtime crashes on a closed session
     * instead of failing. A batch not yet started is dropped.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // the worker must still finish before the session goes
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
