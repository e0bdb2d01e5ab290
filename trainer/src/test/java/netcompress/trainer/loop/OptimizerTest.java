package netcompress.trainer.loop;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OptimizerTest {
    /** Two steps on f(w) = sum(w^2) against torch.optim's update rules written out in doubles. */
    @Test
    void adamAdamwAndSgdFollowPyTorchsRules() {
        for (Optimizer.Kind kind : Optimizer.Kind.values()) {
            double wd = 0.1;
            double lr = 0.05;
            double[] w = {1.0, -2.0};
            double[] m = new double[2];
            double[] v = new double[2];
            double[] buf = new double[2];
            try (NDManager root = NDManager.newBaseManager(Device.cpu()); Optimizer opt = new Optimizer(kind, wd, root)) {
                NDArray arr = root.create(new float[] {1f, -2f});
                arr.setRequiresGradient(true);
                Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
                p.setArray(arr);
                for (int step = 1; step <= 2; step++) {
                    try (NDManager sm = root.newSubManager()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = arr.square().sum();
                            loss.attach(sm);
                            gc.backward(loss);
                        }
                        opt.step(List.of(p), (float) lr, sm);
                    }
                    for (int i = 0; i < 2; i++) {
                        double g = 2 * w[i];
                        switch (kind) {
                            case ADAM, ADAMW -> {
                                if (kind == Optimizer.Kind.ADAM) {
                                    g += wd * w[i];
                                } else {
                                    w[i] *= 1 - lr * wd;
                                }
                                m[i] = 0.9 * m[i] + 0.1 * g;
                                v[i] = 0.999 * v[i] + 0.001 * g * g;
                                double mh = m[i] / (1 - Math.pow(0.9, step));
                                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, step)) + 1e-8;
                                w[i] -= lr * mh / denom;
                            }
                            case SGD -> {
                                g += wd * w[i];
                                buf[i] = step == 1 ? g : 0.9 * buf[i] + g;
                                w[i] -= lr * buf[i];
                            }
                            default -> throw new IllegalStateException();
                        }
                    }
                }
                float[] got = arr.toFloatArray();
                assertEquals(w[0], got[0], 1e-5, kind.name());
                assertEquals(w[1], got[1], 1e-5, kind.name());
            }
        }
    }

    @Test
    void scheduleWarmsUpThenFollowsTheCosine() {
        LrSchedule s = new LrSchedule(1.0, 10, 110, 0.0);
        assertEquals(0.1, s.at(0), 1e-6);
        assertEquals(1.0, s.at(9), 1e-6);
        assertEquals(1.0, s.at(10), 1e-6);
        assertEquals(0.5, s.at(60), 1e-6);
        assertEquals(0.0, s.at(110), 1e-6);
        assertEquals(0.01, new LrSchedule(1.0, 0, 100, 0.01).at(100), 1e-6);
    }
}
