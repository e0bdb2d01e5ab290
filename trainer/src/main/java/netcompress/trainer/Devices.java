package netcompress.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import netcompress.errors.BadInputException;

import java.util.Locale;

/**
 * {@code --device auto|cpu|cuda[:N]}. DJL sees a GPU only with a CUDA build of libtorch, which Maven
 * Central does not serve for libtorch 2.7.1: {@code -Pgpu} swaps only ONNX Runtime (the teacher), and
 * the student's libtorch must come from {@code PYTORCH_LIBRARY_PATH} (trainer/README.md).
 */
public final class Devices {
    private Devices() {
    }

    public static Device pick(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        int gpus = Engine.getInstance().getGpuCount();
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("auto")) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        if (n.equals("cuda") || n.startsWith("cuda:")) {
            int id = 0;
            if (n.startsWith("cuda:")) {
                try {
                    id = Integer.parseInt(n.substring(5));
                } catch (NumberFormatException e) {
                    throw new BadInputException("{device} " + name + ": expected cuda:N");
                }
            }
            if (gpus == 0) {
                throw new BadInputException("{device} " + name + ": no CUDA device visible to libtorch (this build has the CPU libtorch; "
                        + "point PYTORCH_LIBRARY_PATH at a CUDA libtorch 2.7.1, see trainer/README.md, and check nvidia-smi)");
            }
            if (id < 0 || id >= gpus) {
                throw new BadInputException("{device} " + name + ": only " + gpus + " GPU(s)");
            }
            return Device.gpu(id);
        }
        throw new BadInputException("{device} must be auto, cpu or cuda[:N], got " + name);
    }
}
