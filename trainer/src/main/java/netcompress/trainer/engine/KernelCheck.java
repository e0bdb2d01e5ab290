package netcompress.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import netcompress.trainer.graph.AveragePool;
import netcompress.trainer.loss.HintonKd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Runs each kernel the trainer uses through libtorch, forward and backward, on small fixed inputs, and compares
 * with {@link ReferenceMath}. The convolutions take channel counts that are and are not multiples of oneDNN's
 * 8- and 16-channel blocks, and the widths the zoo's students use: the fault found on AMD Zen 5
 * (trainer/README.md) shows only when a block is padded.
 */
public final class KernelCheck {
    /** Relative error, of the largest reference magnitude, above which a kernel is wrong; float32 rounding stays near 1e-6. */
    static final double TOLERANCE = 1e-3;

    /** One kernel output that disagrees with its reference. */
    public record Mismatch(String kernel, String output, double error) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s off by %.2e of its scale", kernel, output, error);
        }
    }

    /** What a check found: the outputs that disagree, how many were compared, and how long it took. */
    public record Report(List<Mismatch> mismatches, int comparisons, long nanos) {
        public boolean passed() {
            return mismatches.isEmpty();
        }

        public Mismatch worst() {
            return mismatches.stream().max((a, b) -> Double.compare(a.error(), b.error())).orElse(null);
        }
    }

    private final String corrupt;
    private final List<Mismatch> mismatches = new ArrayList<>();
    private int comparisons;

    /** @param corrupt a kernel name whose libtorch result is perturbed before comparing (the tests' forced mismatch), or null */
    KernelCheck(String corrupt) {
        this.corrupt = corrupt;
    }

    public static Report run(String corrupt) {
        return new KernelCheck(corrupt).runAll();
    }

    /**
     * The smallest convolutions found wrong on AMD Zen 5 with libtorch 2.7.1's defaults (trainer/README.md): 17 input
     * channels into 16 (forward wrong) and 16 into 17 (input gradient wrong), batch 2, 4x4, 3x3, no padding.
     */
    public static Report reproduction() {
        KernelCheck k = new KernelCheck(null);
        long t0 = System.nanoTime();
        Random r = new Random(17);
        try (NDManager m = NDManager.newBaseManager()) {
            k.conv(m, r, 2, 17, 4, 16, 3, 1, 0, 1);
            k.conv(m, r, 2, 16, 4, 17, 3, 1, 0, 1);
        }
        return new Report(List.copyOf(k.mismatches), k.comparisons, System.nanoTime() - t0);
    }

    private Report runAll() {
        long t0 = System.nanoTime();
        Random r = new Random(20261205);
        try (NDManager m = NDManager.newBaseManager()) {
            // first the width the pipeline's student trains at, so that a report's first mismatch is one training meets
            conv(m, r, 8, 40, 8, 40, 3, 1, 1, 1);   // vgg:1.25's width: a multiple of 8, not of 16
            conv(m, r, 4, 3, 12, 20, 3, 1, 1, 1);   // the first layer of a photo model
            conv(m, r, 4, 20, 8, 12, 3, 2, 1, 1);   // neither side a multiple of 8
            conv(m, r, 4, 32, 6, 48, 3, 1, 1, 1);   // whole 16-blocks
            conv(m, r, 4, 12, 8, 36, 1, 1, 0, 1);   // pointwise
            conv(m, r, 4, 20, 8, 20, 3, 1, 1, 20);  // depthwise
            conv(m, r, 4, 24, 8, 24, 3, 2, 1, 24);  // depthwise, strided
            conv(m, r, 4, 24, 6, 24, 3, 1, 1, 4);   // grouped
            batchNorm(m, r, true);
            batchNorm(m, r, false);
            pool(m, r, 2, 2, 0, true);
            pool(m, r, 3, 2, 1, false);
            linear(m, r);
            hintonKd(m, r);
        }
        return new Report(List.copyOf(mismatches), comparisons, System.nanoTime() - t0);
    }

    private void conv(NDManager m, Random r, int n, int c, int h, int o, int k, int stride, int pad, int groups) {
        String name = String.format(Locale.ROOT, "conv2d %dx%dx%dx%d->%d k%d s%d g%d", n, c, h, h, o, k, stride, groups);
        int oh = ReferenceMath.outSide(h, k, stride, pad);
        float[] x = normal(r, n * c * h * h);
        float[] w = normal(r, o * (c / groups) * k * k);
        float[] dy = normal(r, n * o * oh * oh);
        try (NDManager s = m.newSubManager()) {
            NDArray xs = s.create(x, new Shape(n, c, h, h));
            NDArray ws = s.create(w, new Shape(o, c / groups, k, k));
            xs.setRequiresGradient(true);
            ws.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = Conv2d.conv2d(xs, ws, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), groups).singletonOrThrow();
                y = out.toFloatArray();
                gc.backward(out.mul(s.create(dy, out.getShape())).sum());
            }
            double[][] grads = ReferenceMath.convGrads(x, n, c, h, w, o, k, stride, pad, groups, dy);
            compare(name, "forward", y, ReferenceMath.conv(x, n, c, h, w, o, k, stride, pad, groups));
            compare(name, "input gradient", xs.getGradient().toFloatArray(), grads[0]);
            compare(name, "weight gradient", ws.getGradient().toFloatArray(), grads[1]);
        }
    }

    private void batchNorm(NDManager m, Random r, boolean training) {
        int n = 4, c = 6, h = 4;
        String name = "batchnorm " + (training ? "train" : "eval");
        float[] x = normal(r, n * c * h * h);
        float[] gamma = positive(r, c), beta = normal(r, c), mean = normal(r, c), var = positive(r, c);
        float[] dy = normal(r, x.length);
        double eps = 1e-5;
        double[] g64 = ReferenceMath.widen(gamma), b64 = ReferenceMath.widen(beta), m64 = ReferenceMath.widen(mean), v64 = ReferenceMath.widen(var);
        try (NDManager s = m.newSubManager()) {
            NDArray xs = s.create(x, new Shape(n, c, h, h));
            NDArray gs = s.create(gamma), bs = s.create(beta);
            for (NDArray a : new NDArray[] {xs, gs, bs}) {
                a.setRequiresGradient(true);
            }
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = BatchNorm.batchNorm(xs, s.create(mean), s.create(var), gs, bs, 1, 0.9f, (float) eps, training).singletonOrThrow();
                y = out.toFloatArray();
                gc.backward(out.mul(s.create(dy, out.getShape())).sum());
            }
            double[] x64 = ReferenceMath.widen(x);
            compare(name, "forward", y, ReferenceMath.batchNorm(x64, n, c, h, g64, b64, m64, v64, training, eps));
            compare(name, "input gradient", xs.getGradient().toFloatArray(), ReferenceMath.gradient(x64,
                    p -> ReferenceMath.dot(ReferenceMath.batchNorm(p, n, c, h, g64, b64, m64, v64, training, eps), dy)));
            compare(name, "scale gradient", gs.getGradient().toFloatArray(), ReferenceMath.gradient(g64,
                    p -> ReferenceMath.dot(ReferenceMath.batchNorm(x64, n, c, h, p, b64, m64, v64, training, eps), dy)));
            compare(name, "shift gradient", bs.getGradient().toFloatArray(), ReferenceMath.gradient(b64,
                    p -> ReferenceMath.dot(ReferenceMath.batchNorm(x64, n, c, h, g64, p, m64, v64, training, eps), dy)));
        }
    }

    private void pool(NDManager m, Random r, int k, int stride, int pad, boolean max) {
        int n = 2, c = 5, h = 8;
        String name = String.format(Locale.ROOT, "%s %dx%d s%d p%d", max ? "maxpool" : "avgpool", k, k, stride, pad);
        int oh = ReferenceMath.outSide(h, k, stride, pad);
        float[] x = normal(r, n * c * h * h);
        float[] dy = normal(r, n * c * oh * oh);
        try (NDManager s = m.newSubManager()) {
            NDArray xs = s.create(x, new Shape(n, c, h, h));
            xs.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Shape kernel = new Shape(k, k), st = new Shape(stride, stride), p = new Shape(pad, pad);
                NDArray out = max ? Pool.maxPool2d(xs, kernel, st, p, false) : AveragePool.of(xs, kernel, st, p, false, false);
                y = out.toFloatArray();
                gc.backward(out.mul(s.create(dy, out.getShape())).sum());
            }
            double[] x64 = ReferenceMath.widen(x);
            compare(name, "forward", y, ReferenceMath.pool(x64, n, c, h, k, stride, pad, max));
            compare(name, "input gradient", xs.getGradient().toFloatArray(), ReferenceMath.gradient(x64,
                    q -> ReferenceMath.dot(ReferenceMath.pool(q, n, c, h, k, stride, pad, max), dy)));
        }
    }

    private void linear(NDManager m, Random r) {
        int n = 6, in = 20, out = 11;
        float[] x = normal(r, n * in), w = normal(r, out * in), b = normal(r, out), dy = normal(r, n * out);
        double[] x64 = ReferenceMath.widen(x), w64 = ReferenceMath.widen(w), b64 = ReferenceMath.widen(b);
        try (NDManager s = m.newSubManager()) {
            NDArray xs = s.create(x, new Shape(n, in)), ws = s.create(w, new Shape(out, in)), bs = s.create(b);
            for (NDArray a : new NDArray[] {xs, ws, bs}) {
                a.setRequiresGradient(true);
            }
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray o = Linear.linear(xs, ws, bs).singletonOrThrow();
                y = o.toFloatArray();
                gc.backward(o.mul(s.create(dy, o.getShape())).sum());
            }
            compare("gemm", "forward", y, ReferenceMath.linear(x64, n, in, w64, b64, out));
            compare("gemm", "input gradient", xs.getGradient().toFloatArray(),
                    ReferenceMath.gradient(x64, p -> ReferenceMath.dot(ReferenceMath.linear(p, n, in, w64, b64, out), dy)));
            compare("gemm", "weight gradient", ws.getGradient().toFloatArray(),
                    ReferenceMath.gradient(w64, p -> ReferenceMath.dot(ReferenceMath.linear(x64, n, in, p, b64, out), dy)));
            compare("gemm", "bias gradient", bs.getGradient().toFloatArray(),
                    ReferenceMath.gradient(b64, p -> ReferenceMath.dot(ReferenceMath.linear(x64, n, in, w64, p, out), dy)));
        }
    }

    private void hintonKd(NDManager m, Random r) {
        int n = 6, classes = 11;
        double alpha = 0.5, temperature = 4;
        float[] student = normal(r, n * classes), teacher = normal(r, n * classes);
        int[] labels = r.ints(n, 0, classes).toArray();
        double[] s64 = ReferenceMath.widen(student), t64 = ReferenceMath.widen(teacher);
        try (NDManager s = m.newSubManager()) {
            NDArray ss = s.create(student, new Shape(n, classes));
            ss.setRequiresGradient(true);
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = new HintonKd(alpha, temperature).loss(ss, s.create(teacher, new Shape(n, classes)),
                        s.create(Arrays.stream(labels).asLongStream().toArray()), 0);
                loss = l.getFloat();
                gc.backward(l);
            }
            compare("kd loss", "value", new float[] {loss}, new double[] {ReferenceMath.hintonKd(s64, t64, labels, classes, alpha, temperature)});
            compare("kd loss", "logit gradient", ss.getGradient().toFloatArray(),
                    ReferenceMath.gradient(s64, p -> ReferenceMath.hintonKd(p, t64, labels, classes, alpha, temperature)));
        }
    }

    private void compare(String kernel, String output, float[] got, double[] want) {
        comparisons++;
        if (corrupt != null && kernel.startsWith(corrupt)) {
            got = got.clone();
            got[got.length / 2] += 1f;
        }
        double scale = 1e-3, worst = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(got[i] - want[i]);
            worst = Double.isFinite(got[i]) ? Math.max(worst, d) : Double.POSITIVE_INFINITY;
        }
        if (got.length != want.length || !(worst / scale <= TOLERANCE)) {
            mismatches.add(new Mismatch(kernel, output, got.length != want.length ? Double.POSITIVE_INFINITY : worst / scale));
        }
    }

    private static float[] normal(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static float[] positive(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = 0.5f + r.nextFloat();
        }
        return a;
    }
}
