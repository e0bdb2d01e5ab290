package netcompress.cli.commands;

import netcompress.errors.BadInputException;
import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.session.Device;
import netcompress.runtime.session.SessionSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Options shared by predict and eval: the models, where and how fast they run, and preprocessing. */
public final class InferenceOptions {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Option(names = "--model", required = true, paramLabel = "MODEL.onnx",
            description = "ONNX classifier; repeat for an ensemble (logits averaged).")
    List<Path> models;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, cuda or cuda:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--batch", defaultValue = "4", description = "Images per model run (default ${DEFAULT-VALUE}: small batches keep activations in cache); a fixed-batch model decides itself.")
    int batch;

    @Option(names = "--threads", description = "ONNX Runtime threads (default: all cores).")
    Integer threads;

    @Option(names = "--decoders", description = "Image decoder threads (default: all cores).")
    Integer decoders;

    @Option(names = "--size", paramLabel = "HxW", description = "Resize to H x W (default: model metadata, its fixed input size, or 142x142).")
    String size;

    @Option(names = "--mean", split = ",", description = "Per-channel mean subtracted after scaling to [0,1] (default: model metadata or 0).")
    float[] mean;

    @Option(names = "--std", split = ",", description = "Per-channel std divided by (default: model metadata or 1).")
    float[] std;

    @Option(names = "--tta", description = "Test-time augmentation: 'flip' averages with the mirrored image.")
    String tta;

    @Option(names = "--on-bad-image", defaultValue = "stop",
            description = "stop (default: list every bad file, write nothing, exit 2), skip (leave them out), fail (stop at the first).")
    String onBadImage;

    @Option(names = "--full-decode", description = "Decode JPEGs at full size: bit-exact with PIL, slower. "
            + "By default a JPEG is decoded at 1/2, 1/4 or 1/8 scale only while at least twice the input size remains "
            + "(answers as PIL's on 99.85-99.9%% of real photos, bench/RESULTS.md).")
    boolean fullDecode;

    @Option(names = "--budget", description = "Fail (exit 1) when the models' summed parameter count is over it; without it, warn over 100,000.")
    Long budget;

    SessionSettings sessionSettings() {
        Device d = Device.parse(device);
        // idle ORT threads spin by default; here decoder threads need those cycles
        return new SessionSettings(d, threads != null ? threads : CORES, false);
    }

    PreprocessOverrides overrides() {
        int[] hw = null;
        if (size != null) {
            String[] p = size.toLowerCase(Locale.ROOT).split("x");
            try {
                hw = p.length == 1 ? new int[]{Integer.parseInt(p[0].trim()), Integer.parseInt(p[0].trim())}
                        : p.length == 2 ? new int[]{Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())} : null;
            } catch (NumberFormatException e) {
                hw = null;
            }
            if (hw == null || hw[0] < 1 || hw[1] < 1) {
                throw new BadInputException("--size '" + size + "' is not HxW (e.g. 142x142) or a single size");
            }
        }
        return new PreprocessOverrides(hw, mean, std);
    }

    /** The runtime request these options make, with the budget checked as --budget says. */
    FolderInference.Request request(Predictor.Options options) {
        return new FolderInference.Request(models, sessionSettings(), overrides(), options, !fullDecode, true, budget);
    }

    Predictor.Options predictorOptions() {
        boolean flip = false;
        if (tta != null) {
            if (!tta.equalsIgnoreCase("flip")) {
                throw new BadInputException("--tta '" + tta + "' is not supported (use --tta flip)");
            }
            flip = true;
        }
        return new Predictor.Options(batch, decoders != null ? decoders : CORES, flip, BadImagePolicy.parse(onBadImage));
    }

    @Override
    public String toString() {
        return "models=" + models + " device=" + device + " batch=" + batch + " size=" + size + " mean=" + Arrays.toString(mean);
    }
}
