package netcompress.cli.commands;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.shape.ShapeInference;
import netcompress.runtime.model.ClassifierModel;
import netcompress.runtime.model.ModelLoader;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.pipeline.ImageFolder;
import netcompress.runtime.pipeline.ImageItem;
import netcompress.runtime.quant.FolderCalibration;
import netcompress.runtime.quant.Int8Cpu;
import netcompress.runtime.quant.Int8Quantization;
import netcompress.runtime.session.SessionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code netcompress quantize}: an int8 copy of a classifier, calibrated on images, for faster CPU inference. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Write an int8 copy of a model: ONNX QDQ with per-channel int8 convolution weights and uint8 activations whose",
                "ranges come from running the model on --data. ONNX Runtime runs its convolutions as QLinearConv (about 3x",
                "faster on CPUs with int8 dot products). Preprocessing, class names and the parameter count carry over;",
                "the top-1 agreement with the float model on the calibration images is printed and stored in the provenance."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written", "2:bad input (model, images, an existing --out without --force)", "3:internal error"})
public final class QuantizeCommand implements Callable<Integer> {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Option(names = "--model", required = true, paramLabel = "MODEL.onnx", description = "Float ONNX classifier (opset 13 or later).")
    Path model;
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Calibration images: a folder of images, class subfolders allowed (e.g. training/labeled). Never the test set.")
    Path data;
    @Option(names = "--out", required = true, paramLabel = "OUT.onnx", description = "The int8 model to write.")
    Path out;
    @Option(names = "--images", defaultValue = "512", description = "Calibration images drawn from --data (default ${DEFAULT-VALUE}).")
    int images;
    @Option(names = "--seed", defaultValue = "0", description = "Which images are drawn (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--threads", description = "ONNX Runtime threads (default: all cores).")
    Integer threads;
    @Option(names = "--decoders", description = "Image decoder threads (default: all cores).")
    Integer decoders;
    @Option(names = "--weight-bits", description = "8, or 7 for x86 CPUs without VNNI, where ONNX Runtime's int8 kernels saturate "
            + "on full-range weights (default: what this machine's CPU needs).")
    Integer weightBits;
    @Option(names = "--force", description = "Replace an existing --out.")
    boolean force;

    @Override
    public Integer call() {
        if (images < 1) {
            throw new BadInputException("--images must be at least 1, got " + images);
        }
        AtomicFiles.checkWritable(out, force);
        int t = threads != null ? threads : CORES;
        ModelProto proto = OnnxModels.read(model);
        PreprocessSpec spec;
        try (ClassifierModel m = ModelLoader.load(model, SessionSettings.cpu(t), PreprocessOverrides.none(), System.err::println)) {
            spec = m.spec();
        }
        List<ImageItem> sample = FolderCalibration.sample(ImageFolder.scan(data, false).items(), images, seed);
        int bits = weightBits != null ? weightBits : Int8Cpu.weightBits();
        if (bits != 7 && bits != 8) {
            throw new BadInputException("--weight-bits must be 7 or 8, got " + bits);
        }
        Int8Quantization.Outcome o = FolderCalibration.quantize(proto, model.toString(), spec, sample, bits, decoders != null ? decoders : CORES, t);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", model.toAbsolutePath().toString());
        details.put("format", "QDQ: per-channel int8 Conv weights, int32 biases, uint8 activations (min/max calibration)");
        details.put("weightBits", bits);
        details.put("calibrationData", data.toAbsolutePath().toString());
        details.put("calibrationImages", sample.size());
        details.put("seed", seed);
        details.put("top1Agreement", o.agreement().top1());
        details.put("maxLogitDiff", o.agreement().maxLogitDiff());
        ModelProto q = ModelMetadata.withProvenanceStep(o.result().model(), "quantize", proto, details);
        OnnxModels.write(q, out, force);
        System.out.printf(Locale.ROOT, "int8: %d convolutions quantized (%d-bit weights), %,d parameters, calibrated on %d images from %s%n",
                o.result().convs(), bits, ParameterCount.of(q, ShapeInference.Mode.LENIENT).parameters(), sample.size(), data);
        System.out.println("int8 model " + o.agreement().describe());
        System.out.println("wrote " + out);
        return 0;
    }
}
