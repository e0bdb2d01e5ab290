package netcompress.runtime.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.quant.QdqQuantizer;
import netcompress.runtime.session.ModelSession;
import netcompress.runtime.session.SessionSettings;

import java.nio.FloatBuffer;

/**
 * The two passes every int8 conversion makes over its sample: calibrate the plan's activations and write
 * the int8 model, then run the float and the int8 model on the same batches to measure their agreement.
 * Where the batches come from (image files, a trainer's augmented set) is the caller's.
 */
public final class Int8Quantization {
    private Int8Quantization() {
    }

    /** Hands every batch to the visitor, the same batches in the same order on each call. */
    public interface BatchSource {
        void forEach(BatchVisitor visitor);
    }

    /** {@code n} NCHW images from position 0 of {@code batch}. */
    public interface BatchVisitor {
        void accept(FloatBuffer batch, int n);
    }

    public record Outcome(QdqQuantizer.Result result, Agreement agreement) {
    }

    public static Outcome run(ModelProto model, String source, BatchSource batches, int channels, int height, int width, int weightBits,
                              int threads) {
        QdqQuantizer.Plan plan = QdqQuantizer.plan(model, source);
        QdqQuantizer.Result result;
        try (Calibrator calibrator = new Calibrator(plan, source, threads)) {
            batches.forEach((b, n) -> calibrator.observe(b, n, channels, height, width));
            result = calibrator.quantize(weightBits);
        }
        Agreement agreement = new Agreement();
        SessionSettings cpu = SessionSettings.cpu(threads);
        try (ModelSession fp32 = ModelSession.open(model, source, cpu, s -> { });
             ModelSession int8 = ModelSession.open(result.model(), source + " (int8)", cpu, s -> { })) {
            batches.forEach((b, n) -> agreement.add(fp32.run(b, n, channels, height, width), int8.run(b, n, channels, height, width), n));
        }
        return new Outcome(result, agreement);
    }
}
