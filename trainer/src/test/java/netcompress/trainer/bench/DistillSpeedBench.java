package netcompress.trainer.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.quant.QdqQuantizer;
import netcompress.runtime.quant.Calibrator;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.loop.Optimizer;
import netcompress.trainer.loop.TrainStep;
import netcompress.trainer.loss.CrossEntropy;
import netcompress.trainer.loss.HintonKd;
import netcompress.trainer.loss.Objective;
import netcompress.trainer.teacher.OrtTeacher;
import netcompress.trainer.zoo.ModelZoo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Images per second of the distillation step (teacher forward in ONNX Runtime, student forward,
 * KD loss, backward, Adam) on in-memory random batches, so only the training loop is measured.
 * Used by bench/trainer_speed.sh; the PyTorch twin is bench/trainer_speed_pytorch.py.
 * Arguments: size student teacher batch threads steps repeats [teacher|int8|cached|none [torchThreads ortThreads]]; int8 runs the
 * teacher quantized (calibrated on the bench batch), as {@code distill --teacher-precision int8} does; cached takes
 * teacher logits computed before the timing, as {@code --teacher-targets cached} or {@code views:K} do.
 * {@code -Dbench.unlabeledShare=S} leaves that share of each batch without a label (-1: soft term only), as batches
 * mixing the unlabeled set are; {@code -Dbench.classes=K} sets the class count (default 11).
 */
public final class DistillSpeedBench {
    public static void main(String[] a) throws Exception {
        int size = Integer.parseInt(a[0]);
        String student = a[1];
        String teacherSpec = a[2];
        int batch = Integer.parseInt(a[3]);
        int threads = Integer.parseInt(a[4]);
        int steps = Integer.parseInt(a[5]);
        int repeats = Integer.parseInt(a[6]);
        boolean useTeacher = a.length < 8 || !a[7].equals("none");
        boolean int8 = a.length > 7 && a[7].equals("int8");
        boolean cached = a.length > 7 && a[7].equals("cached");
        // "overlap": ONNX Runtime computes the next batch's teacher logits while libtorch trains on this one,
        // as the training loop does (TeacherAhead); torch and ORT get the threads given in a[8], a[9]
        boolean overlap = a.length > 8;
        int torchThreads = overlap ? Integer.parseInt(a[8]) : threads;
        int ortThreads = overlap ? Integer.parseInt(a[9]) : threads;
        // the configuration training would use on this CPU (the engine check), with these threads
        netcompress.trainer.engine.TorchEngine.configure(torchThreads, false);
        netcompress.trainer.engine.TorchEngine.prepare(System.out::println);
        int classes = Integer.getInteger("bench.classes", 11);
        double unlabeledShare = Double.parseDouble(System.getProperty("bench.unlabeledShare", "0"));
        ModelProto s = ModelZoo.build(student, 3, classes, size, 1);
        ModelProto t = ModelZoo.build(teacherSpec, 3, classes, size, 2);
        int per = 3 * size * size;
        ByteBuffer data = ByteBuffer.allocateDirect(batch * per * 4).order(ByteOrder.nativeOrder());
        Random r = new Random(3);
        for (int i = 0; i < batch * per; i++) {
            data.putFloat(i * 4, r.nextFloat());
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i < Math.round(unlabeledShare * batch) ? -1 : r.nextInt(classes);
        }
        double[] rates = new double[repeats];
        try (NDManager root = NDManager.newBaseManager(Device.cpu());
             OnnxBlock block = OnnxBlock.of(s, root, Device.cpu());
             Optimizer opt = new Optimizer(Optimizer.Kind.ADAM, 0, root);
             OrtTeacher teacher = new OrtTeacher(int8 ? int8(t, data.asFloatBuffer(), batch, size, ortThreads) : t, teacherSpec, ortThreads)) {
            java.util.concurrent.ExecutorService ahead = java.util.concurrent.Executors.newSingleThreadExecutor(r2 -> {
                Thread th = new Thread(r2, "teacher");
                th.setDaemon(true);
                return th;
            });
            Objective obj = useTeacher ? new HintonKd(0.5, 4) : new CrossEntropy();
            TrainStep step = new TrainStep(block, teacher, obj, opt, root);
            java.util.concurrent.Callable<float[]> teacherCall = () -> teacher.logits(data.asFloatBuffer(), batch, 3, size, size);
            for (int i = 0; i < 3; i++) {
                step.run(data, labels, 3, size, size, 1e-3f, 0);
            }
            float[] precomputed = cached ? teacherCall.call() : null;
            for (int rep = 0; rep < repeats; rep++) {
                long t0 = System.nanoTime();
                java.util.concurrent.Future<float[]> next = overlap && useTeacher ? ahead.submit(teacherCall) : null;
                for (int i = 0; i < steps; i++) {
                    if (precomputed != null) {
                        step.run(data, labels, 3, size, size, 1e-3f, 0, precomputed);
                    } else if (next != null) {
                        float[] tl = next.get();
                        next = i + 1 < steps ? ahead.submit(teacherCall) : null;
                        step.run(data, labels, 3, size, size, 1e-3f, 0, tl);
                    } else {
                        step.run(data, labels, 3, size, size, 1e-3f, 0);
                    }
                }
                rates[rep] = (double) steps * batch / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "run %d: %.1f images/s%n", rep + 1, rates[rep]);
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "netcompress size=%d student=%s teacher=%s batch=%d%s threads=%s median %.1f images/s%n", size, student,
                useTeacher ? teacherSpec + (int8 ? " int8" : cached ? " cached" : "") : "none", batch,
                unlabeledShare > 0 ? String.format(Locale.ROOT, " unlabeled=%.2f", unlabeledShare) : "", cached ? threads + "" : overlap ? "torch " + torchThreads + " + ort " + ortThreads + " overlapped" : threads + " sequential",
                sorted[repeats / 2]);
    }

    /** {@code t} quantized with ranges from one batch, as the int8 loops of both speed benches run it. */
    static ModelProto int8(ModelProto t, java.nio.FloatBuffer data, int batch, int size, int threads) {
        try (Calibrator c = new Calibrator(QdqQuantizer.plan(t, "teacher"), "teacher", threads)) {
            c.observe(data, batch, 3, size, size);
            return c.quantize().model();
        }
    }
}
