package netcompress.cli.commands;

import netcompress.cli.FlagNames;
import netcompress.errors.BadInputException;
import netcompress.jobs.quantize.QuantizeJob;
import netcompress.runtime.quant.Int8Cpu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
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
    @Spec
    CommandSpec spec;

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
        int bits = weightBits != null ? weightBits : Int8Cpu.weightBits();
        if (bits != 7 && bits != 8) {
            throw new BadInputException("--weight-bits must be 7 or 8, got " + bits);
        }
        int t = threads != null ? threads : CORES;
        QuantizeJob.run(new QuantizeJob.Options(model, data, out, images, seed, t, decoders != null ? decoders : CORES, bits, force),
                FlagNames.printer(spec, System.out), FlagNames.printer(spec, System.err));
        return 0;
    }
}
