package netcompress.runtime.session;

import ai.onnxruntime.OrtException;
import netcompress.errors.BadInputException;

import java.util.function.Consumer;

/**
 * Applies {@code --device}: {@code cpu} adds nothing (ONNX Runtime's CPU provider is always there),
 * {@code cuda[:N]} must get CUDA or stop with exit code 2, {@code auto} tries CUDA device 0 and falls
 * back to the CPU with one warning. A CPU-only build (the default jar) makes {@code auto} the CPU
 * without a warning: there was no CUDA to miss.
 */
public final class ProviderSelector {
    private final Consumer<String> warnings;

    public ProviderSelector(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** Returns the device the session will run on ("cpu" or "cuda:N"). */
    public String apply(Device device, ExecutionProviders providers) {
        switch (device.kind()) {
            case CPU:
                return "cpu";
            case CUDA:
                try {
                    providers.addCuda(device.cudaIndex());
                    return "cuda:" + device.cudaIndex();
                } catch (OrtException | LinkageError e) {
                    throw new BadInputException("{device} " + device + ": the CUDA execution provider could not be loaded ("
                            + reason(e) + "). Build with -Pgpu (onnxruntime_gpu) on a machine with CUDA 12 and cuDNN 9, "
                            + "or run with {device} cpu or {device} auto");
                }
            case AUTO:
            default:
                if (!providers.cudaInBuild()) {
                    return "cpu";
                }
                try {
                    providers.addCuda(0);
                    return "cuda:0";
                } catch (OrtException | LinkageError e) {
                    warnings.accept("warning: CUDA is not available (" + reason(e) + "); running on the CPU");
                    return "cpu";
                }
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}
