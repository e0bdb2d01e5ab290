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
    private static final int WARMUP = 2;
    private static final int RUNS = 7;
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
        for (int i = 0; i < WARMUP; i++) {
            s.run(data, batch, channels, size, size);
        }
        double[] ms = new double[RUNS];
        int done = 0;
        long start = System.nanoTime();
        while (done < RUNS && (done < 3 || System.nanoTime() - start < MAX_NANOS)) {
            long t0 = System.nanoTime();
            s.run(data, batch, channels, size, size);
            ms[done++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] taken = Arrays.copyOf(ms, done);
        Arrays.sort(taken);
        return taken[done / 2];
    }
}
