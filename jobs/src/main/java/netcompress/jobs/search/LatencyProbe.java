package netcompress.jobs.search;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.runtime.session.ModelSession;
import netcompress.runtime.session.SessionSettings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * ONNX Runtime latency of a model on this machine: milliseconds per batch at batch 1 and 64, the median of
 * timed runs after warm-up runs, on all cores (the way predict runs it).
 */
public final class LatencyProbe {
    private static final int WARMUP = 3;
    private static final int MIN_RUNS = 7;
    private static final int MAX_RUNS = 400;
    /**
     * Keep timing a fast model this long: the median of seven runs put one design (dwsep:1.37 pruned, rounds 1 and 3 of
     * one search on Fashion-MNIST) at 0.63 and 0.31 ms; sub-millisecond runs need hundreds for a stable median.
     */
    private static final long MIN_NANOS = 300_000_000L;
    /** Warm-up runs go on this long past the first {@link #WARMUP}, so a fast model's caches and thread pool settle. */
    private static final long WARMUP_NANOS = 50_000_000L;
    /** Stop timing early past this, so a large candidate does not hold the search up. */
    private static final long MAX_NANOS = 3_000_000_000L;

    private LatencyProbe() {
    }

    /** Median milliseconds per batch at batch 1 and at batch 64. */
    public record Latency(double batch1Ms, double batch64Ms) {
    }

    public static Latency measure(ModelProto model, int channels, int size) {
        try (ModelSession s = ModelSession.open(model, "latency probe", SessionSettings.cpuOrAllCores(0), w -> { })) {
            return new Latency(median(s, 1, channels, size), median(s, 64, channels, size));
        }
    }

    private static double median(ModelSession s, int batch, int channels, int size) {
        int n = batch * channels * size * size;
        FloatBuffer data = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        Random rng = new Random(0);
        for (int i = 0; i < n; i++) {
            data.put(i, rng.nextFloat());
        }
        long warm = System.nanoTime();
        for (int i = 0; i < WARMUP || (i < MAX_RUNS && System.nanoTime() - warm < WARMUP_NANOS); i++) {
            s.run(data, batch, channels, size, size);
        }
        double[] ms = new double[MAX_RUNS];
        int done = 0;
        long start = System.nanoTime();
        while (done < MAX_RUNS && !enough(done, System.nanoTime() - start)) {
            long t0 = System.nanoTime();
            s.run(data, batch, channels, size, size);
            ms[done++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] taken = Arrays.copyOf(ms, done);
        Arrays.sort(taken);
        return taken[done / 2];
    }

    /** Enough runs for a stable median: MIN_RUNS over MIN_NANOS, or 3 once a slow model has taken MAX_NANOS. */
    private static boolean enough(int done, long elapsedNanos) {
        return done >= MIN_RUNS && elapsedNanos >= MIN_NANOS || done >= 3 && elapsedNanos >= MAX_NANOS;
    }
}
