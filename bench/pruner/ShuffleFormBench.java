import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * ONNX Runtime speed of the two forms of a channel shuffle (bench/prune_shuffle_speed.sh): the same ShuffleNetV2
 * with its shuffles as Reshape -> Transpose -> Reshape and as one Gather on axis 1. Both sessions as the runtime
 * makes them (2 intra-op threads, ALL_OPT, no spinning); rounds alternate the two; prints one JSON line.
 *   ShuffleFormBench RESHAPE.onnx GATHER.onnx BATCH SIZE ROUNDS RUNS_PER_ROUND
 */
public class ShuffleFormBench {
    public static void main(String[] a) throws Exception {
        int batch = Integer.parseInt(a[2]);
        int size = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        int runs = Integer.parseInt(a[5]);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] x = new float[batch * 3 * size * size];
        Random r = new Random(0);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(2);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            try (OrtSession reshape = env.createSession(a[0], o); OrtSession gather = env.createSession(a[1], o);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, 3, size, size})) {
                float diff = maxAbsDiff(run(reshape, t), run(gather, t));
                List<Double> rs = new ArrayList<>();
                List<Double> gs = new ArrayList<>();
                for (int k = 0; k < rounds; k++) {
                    rs.add(imagesPerSecond(reshape, t, runs, batch));
                    gs.add(imagesPerSecond(gather, t, runs, batch));
                }
                System.out.printf(Locale.ROOT, "{\"batch\": %d, \"size\": %d, \"reshape_images_per_s\": %.2f, \"gather_images_per_s\": %.2f, "
                        + "\"gather_over_reshape\": %.3f, \"max_abs_diff\": %.2e, \"rounds\": %d}%n",
                        batch, size, median(rs), median(gs), median(gs) / median(rs), diff, rounds);
            }
        }
    }

    static float[] run(OrtSession s, OnnxTensor t) throws Exception {
        try (OrtSession.Result res = s.run(Map.of("input", t))) {
            FloatBuffer fb = ((OnnxTensor) res.get(0)).getFloatBuffer();
            float[] v = new float[fb.remaining()];
            fb.get(v);
            return v;
        }
    }

    static double imagesPerSecond(OrtSession s, OnnxTensor t, int runs, int batch) throws Exception {
        run(s, t);
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            run(s, t);
        }
        return runs * batch / ((System.nanoTime() - t0) / 1e9);
    }

    static float maxAbsDiff(float[] p, float[] q) {
        float m = 0;
        for (int i = 0; i < p.length; i++) {
            m = Math.max(m, Math.abs(p[i] - q[i]));
        }
        return m;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
