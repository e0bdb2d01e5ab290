package netcompress.jobs.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.jobs.ArtifactWriter;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.meta.ProvenanceStep;
import netcompress.onnx.shape.ShapeInference;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.loading.ImageItem;
import netcompress.runtime.model.ClassifierModel;
import netcompress.runtime.model.ModelLoader;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.quant.FolderCalibration;
import netcompress.runtime.quant.Int8Quantization;
import netcompress.runtime.session.SessionSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code netcompress quantize} as a job: an int8 (QDQ) copy of a float classifier, its activation ranges calibrated
 * on images drawn from a folder, its agreement with the float model measured on them, written through the
 * {@link ArtifactWriter}.
 */
public final class QuantizeJob {
    private static final ArtifactWriter.Maker MAKER = new ArtifactWriter.Maker("quantizing", "the int8 model", "quantizer");

    /**
     * @param images     calibration images drawn from {@code data}, at least 1
     * @param weightBits 8, or 7 for x86 CPUs without VNNI
     */
    public record Options(Path model, Path data, Path out, int images, long seed, int threads, int decoders, int weightBits, boolean force) {
    }

    private QuantizeJob() {
    }

    /** {@code log}: what the job did, line by line; {@code warnings}: what the model's loading warns of. */
    public static Int8Quantization.Outcome run(Options o, Consumer<String> log, Consumer<String> warnings) {
        ArtifactWriter.claim(o.out(), o.force());
        ModelProto proto = OnnxModels.read(o.model());
        String inputSha256 = ModelMetadata.sha256(proto.toByteArray());
        PreprocessSpec spec;
        try (ClassifierModel m = ModelLoader.load(o.model(), SessionSettings.cpu(o.threads()), PreprocessOverrides.none(), warnings)) {
            spec = m.spec();
        }
        List<ImageItem> sample = FolderCalibration.sample(ImageFolder.scan(o.data(), false).items(), o.images(), o.seed());
        Int8Quantization.Outcome q = FolderCalibration.quantize(proto, o.model().toString(), spec, sample, o.weightBits(), o.decoders(), o.threads());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", o.model().toAbsolutePath().toString());
        details.put("format", "QDQ: per-channel int8 Conv weights, int32 biases, uint8 activations (min/max calibration)");
        details.put("weightBits", o.weightBits());
        details.put("calibrationData", o.data().toAbsolutePath().toString());
        details.put("calibrationImages", sample.size());
        details.put("seed", o.seed());
        details.put("top1Agreement", q.agreement().top1());
        details.put("maxLogitDiff", q.agreement().maxLogitDiff());
        ModelProto written = ArtifactWriter.write(q.result().model(), ProvenanceStep.of("quantize", inputSha256, details), proto, o.model(), MAKER,
                o.out(), o.force());
        log.accept(String.format(Locale.ROOT, "int8: %d convolutions quantized (%d-bit weights), %,d parameters, calibrated on %d images from %s",
                q.result().convs(), o.weightBits(), ParameterCount.of(written, ShapeInference.Mode.LENIENT).parameters(), sample.size(), o.data()));
        log.accept("int8 model " + q.agreement().describe());
        log.accept("wrote " + o.out());
        return q;
    }
}
