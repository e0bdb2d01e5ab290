package netcompress.trainer.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.runtime.quant.Agreement;
import netcompress.trainer.teacher.OrtTeacher;
import netcompress.trainer.zoo.ModelZoo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Milliseconds per teacher forward pass in ONNX Runtime, float and int8 (QDQ, calibrated on the batch), on
 * one random batch; used by bench/trainer_speed.sh. Arguments: size teacher batch threads repeats.
 */
public final class TeacherSpeedBench {
    public static void main(String[] a) {
        int size = Integer.parseInt(a[0]);
        String spec = a[1];
        int batch = Integer.parseInt(a[2]);
        int threads = Integer.parseInt(a[3]);
        int repeats = Integer.parseInt(a[4]);
        ModelProto t = ModelZoo.build(spec, 3, 11, size, 2);
        FloatBuffer data = ByteBuffer.allocateDirect(batch * 3 * size * size * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        Random r = new Random(3);
        for (int i = 0; i < data.capacity(); i++) {
            data.put(i, r.nextFloat());
        }
        ModelProto q = DistillSpeedBench.int8(t, data, batch, size, threads);
        try (OrtTeacher fp32 = new OrtTeacher(t, spec, threads); OrtTeacher int8 = new OrtTeacher(q, spec + " int8", threads)) {
            Agreement agreement = new Agreement();
            agreement.add(fp32.logits(data, batch, 3, size, size), int8.logits(data, batch, 3, size, size), batch);
            double[] f = new double[repeats];
            double[] i8 = new double[repeats];
            for (int k = 0; k < repeats; k++) {
                f[k] = millis(fp32, data, batch, size);
                i8[k] = millis(int8, data, batch, size);
            }
            Arrays.sort(f);
            Arrays.sort(i8);
            System.out.printf(Locale.ROOT, "teacher %s size=%d batch=%d threads=%d forward median: fp32 %.1f ms, int8 %.1f ms (%.2fx); int8 %s%n",
                    spec, size, batch, threads, f[repeats / 2], i8[repeats / 2], f[repeats / 2] / i8[repeats / 2], agreement.describe());
        }
    }

    private static double millis(OrtTeacher t, FloatBuffer data, int batch, int size) {
        long t0 = System.nanoTime();
        t.logits(data, batch, 3, size, size);
        return (System.nanoTime() - t0) / 1e6;
    }
}
