package netcompress.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import netcompress.errors.BadInputException;

/**
 * {@code --device auto|cpu|cuda[:N]}. DJL sees a GPU only when a CUDA build of libtorch is on the class
 * path: build with {@code mvn -Pgpu} (swaps pytorch-native-cpu for the CUDA build).
 */
public final class Devices {
    private Devices() {
    }

    public static Device pick(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(java.util.Locale.ROOT);
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
                    throw new BadInputException("--device " + name + ": expected cuda:N");
                }
            }
            if (gpus == 0) {
                throw new BadInputException("--device " + name + ": no CUDA device visible to libtorch (this build has the CPU libtorch; "
                        + "build with 'mvn -Pgpu' for the CUDA one, and check nvidia-smi)");
            }
            if (id < 0 || id >= gpus) {
                throw new BadInputException("--device " + name + ": only " + gpus + " GPU(s)");
            }
            return Device.gpu(id);
        }
        throw new BadInputException("--device must be auto, cpu or cuda[:N], got " + name);
    }
}
