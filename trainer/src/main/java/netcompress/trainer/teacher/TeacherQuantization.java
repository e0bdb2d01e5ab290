package netcompress.trainer.teacher;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.quant.QdqQuantizer;
import netcompress.runtime.quant.Agreement;
import netcompress.runtime.quant.Calibrator;
import netcompress.runtime.quant.Int8Cpu;
import netcompress.trainer.data.Augmentation;
import netcompress.trainer.data.Batch;
import netcompress.trainer.data.Batches;
import netcompress.trainer.data.ImageSet;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * Turns a float teacher into an int8 one (QDQ, calibrated on augmented training batches like the ones it
 * will see) and measures what that costs against the float teacher on the same images: top-1 agreement
 * and the largest logit difference. ONNX Runtime runs the int8 convolutions about 3x faster on CPUs with
 * int8 dot products, and the teacher's forward pass is most of a distillation step.
 */
public final class TeacherQuantization {
    public static final int CALIBRATION_IMAGES = 512;

    private TeacherQuantization() {
    }

    public record Quantized(ModelProto model, int convs, int weightBits, int images, double top1Agreement, double maxLogitDiff) {
        public String describe() {
            return String.format(Locale.ROOT, "int8 teacher: %d convolutions quantized (%d-bit weights), calibrated on %d training images; agrees "
                    + "with the float teacher's top-1 on %.1f%% of them, largest logit difference %.3f", convs, weightBits, images,
                    100 * top1Agreement, maxLogitDiff);
        }
    }

    public static Quantized int8(ModelProto teacher, String source, ImageSet train, Augmentation augmentation, float[] mean, float[] std,
                                 int workers, long seed, int threads) {
        QdqQuantizer.Plan plan = QdqQuantizer.plan(teacher, source);
        int n = Math.min(CALIBRATION_IMAGES, train.size());
        int[] order = Arrays.copyOf(Batches.shuffled(train.size(), seed, -1), n);
        int c = train.channels();
        int h = train.height();
        int w = train.width();
        QdqQuantizer.Result result;
        int bits = Int8Cpu.weightBits();
        try (Batches batches = new Batches(train, 64, augmentation, mean, std, workers);
             Calibrator calibrator = new Calibrator(plan, source, threads)) {
            for (Iterator<Batch> it = batches.over(order, seed, -1, false); it.hasNext(); ) {
                try (Batch b = it.next()) {
                    calibrator.observe(b.data(), b.size(), c, h, w);
                }
            }
            result = calibrator.quantize(bits);
            Agreement agreement = new Agreement();
            try (OrtTeacher fp32 = new OrtTeacher(teacher, source, threads);
                 OrtTeacher int8 = new OrtTeacher(result.model(), source + " (int8)", threads)) {
                for (Iterator<Batch> it = batches.over(order, seed, -1, false); it.hasNext(); ) {
                    try (Batch b = it.next()) {
                        agreement.add(fp32.logits(b.data(), b.size(), c, h, w), int8.logits(b.data(), b.size(), c, h, w), b.size());
                    }
                }
            }
            return new Quantized(result.model(), result.convs(), bits, n, agreement.top1(), agreement.maxLogitDiff());
        }
    }
}
