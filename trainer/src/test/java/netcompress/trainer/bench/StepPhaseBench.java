package netcompress.trainer.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.loop.Optimizer;
import netcompress.trainer.loss.HintonKd;
import netcompress.trainer.zoo.ModelZoo;

import java.util.Locale;
import java.util.Random;

/** Where a student's training step spends its time: forward, loss + backward, optimizer (ms per batch, medians). */
public final class StepPhaseBench {
    public static void main(String[] a) throws Exception {
        int size = Integer.parseInt(a[0]);
        String student = a[1];
        int batch = Integer.parseInt(a[2]);
        int threads = Integer.parseInt(a[3]);
        int steps = Integer.parseInt(a[4]);
        // the configuration training would use on this CPU (the engine check), with these threads
        netcompress.trainer.engine.TorchEngine.configure(threads, false);
        netcompress.trainer.engine.TorchEngine.prepare(System.out::println);
        ModelProto s = ModelZoo.build(student, 3, 10, size, 1);
        float[] xs = new float[batch * 3 * size * size];
        Random r = new Random(3);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = r.nextFloat();
        }
        long[] y = new long[batch];
        float[] tl = new float[batch * 10];
        for (int i = 0; i < batch; i++) {
            y[i] = i < batch * 0.95 ? -1 : r.nextInt(10);
        }
        for (int i = 0; i < tl.length; i++) {
            tl[i] = r.nextFloat();
        }
        HintonKd kd = new HintonKd(0.5, 4);
        double[][] ms = new double[3][steps];
        try (NDManager root = NDManager.newBaseManager(Device.cpu());
             OnnxBlock block = OnnxBlock.of(s, root, Device.cpu());
             Optimizer opt = new Optimizer(Optimizer.Kind.ADAM, 0, root)) {
            var params = block.trainable();
            for (int i = -3; i < steps; i++) {
                try (NDManager step = root.newSubManager()) {
                    NDArray x = step.create(xs, new Shape(batch, 3, size, size));
                    NDArray t = step.create(tl, new Shape(batch, 10));
                    NDArray target = step.create(y);
                    long t0 = System.nanoTime();
                    long t1;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = block.forward(x, true);
                        logits.get(0, 0).getFloat();
                        t1 = System.nanoTime();
                        NDArray loss = kd.loss(logits, t, target, 0);
                        gc.backward(loss);
                        loss.getFloat();
                    }
                    long t2 = System.nanoTime();
                    opt.step(params, 1e-3f, step);
                    params.get(0).getArray().flatten().get(0).getFloat();
                    long t3 = System.nanoTime();
                    if (i >= 0) {
                        ms[0][i] = (t1 - t0) / 1e6;
                        ms[1][i] = (t2 - t1) / 1e6;
                        ms[2][i] = (t3 - t2) / 1e6;
                    }
                }
            }
        }
        for (double[] m : ms) {
            java.util.Arrays.sort(m);
        }
        System.out.printf(Locale.ROOT, "netcompress size=%d student=%s forward %.1f ms, loss+backward %.1f ms, optimizer %.1f ms%n",
                size, student, ms[0][steps / 2], ms[1][steps / 2], ms[2][steps / 2]);
    }
}
