package netcompress.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;

import java.util.Arrays;
import java.util.Locale;

/**
 * Tries one {@link EngineSettings} in a process of its own (oneDNN fixes its ISA once per process): applies it,
 * runs the {@link KernelCheck} and, when that passes, times a training step of a small VGG-like student.
 * Prints {@code key=value} lines for {@link TorchEngine} to read. Arguments: the settings key, and {@code reproduction}
 * to run only {@link KernelCheck#reproduction()}.
 */
public final class EngineProbe {
    private EngineProbe() {
    }

    public static void main(String[] args) {
        EngineSettings settings = EngineSettings.parse(args[0]);
        TorchEngine.applyBeforeLoad(settings);
        Engine.getInstance();
        TorchEngine.applyAfterLoad(settings);
        boolean reproduction = args.length > 1 && args[1].equals("reproduction");
        KernelCheck.Report report = reproduction ? KernelCheck.reproduction() : KernelCheck.run(System.getProperty(TorchEngine.CORRUPT_PROPERTY));
        System.out.println("verdict=" + (report.passed() ? "pass" : "fail"));
        System.out.println(String.format(Locale.ROOT, "check_ms=%.1f", report.nanos() / 1e6));
        for (KernelCheck.Mismatch m : report.mismatches()) {
            System.out.println("mismatch=" + m);
        }
        if (report.passed() && !reproduction) {
            System.out.println(String.format(Locale.ROOT, "step_ms=%.1f", stepMillis()));
        }
        System.out.flush();
    }

    /** Median of five timed training steps (after one warm-up) of conv-BN-ReLU-pool at 40, 80, 160 channels, batch 64 at 32x32. */
    static double stepMillis() {
        int[] widths = {3, 40, 80, 160};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] w = new NDArray[widths.length - 1];
            for (int i = 0; i < w.length; i++) {
                w[i] = m.randomNormal(new Shape(widths[i + 1], widths[i], 3, 3)).mul(0.1f);
                w[i].setRequiresGradient(true);
            }
            NDArray x = m.randomNormal(new Shape(64, 3, 32, 32));
            double[] ms = new double[6];
            for (int it = 0; it < ms.length; it++) {
                long t0 = System.nanoTime();
                try (NDManager step = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = x;
                    for (int i = 0; i < w.length; i++) {
                        y = Conv2d.conv2d(y, w[i], null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                        int c = widths[i + 1];
                        y = BatchNorm.batchNorm(y, step.zeros(new Shape(c)), step.ones(new Shape(c)), step.ones(new Shape(c)),
                                step.zeros(new Shape(c)), 1, 0.9f, 1e-5f, true).singletonOrThrow();
                        y = Pool.maxPool2d(y.getNDArrayInternal().relu(), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
                    }
                    gc.backward(y.mean());
                }
                ms[it] = (System.nanoTime() - t0) / 1e6;
            }
            double[] timed = Arrays.copyOfRange(ms, 1, ms.length);
            Arrays.sort(timed);
            return timed[timed.length / 2];
        }
    }
}
