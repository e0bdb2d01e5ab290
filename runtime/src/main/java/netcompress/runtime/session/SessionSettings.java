package netcompress.runtime.session;

import netcompress.errors.BadInputException;

/**
 * How sessions are made.
 *
 * @param device        --device
 * @param threads       ONNX Runtime intra-op threads
 * @param spinning      whether idle ORT threads spin; off when decoder threads share the cores,
 *                      where spinning would take CPU time from them
 * @param fuse          ONNX Runtime's full graph optimisation (fusions); off where intermediate
 *                      tensors must stay observable (calibration reads them)
 */
public record SessionSettings(Device device, int threads, boolean spinning, boolean fuse) {
    public SessionSettings(Device device, int threads, boolean spinning) {
        this(device, threads, spinning, true);
    }

    public SessionSettings {
        if (threads < 1) {
            throw new BadInputException("{threads} must be at least 1, got " + threads);
        }
    }

    public static SessionSettings cpu(int threads) {
        return new SessionSettings(new Device(Device.Kind.CPU, 0), threads, false);
    }

    /** CPU with {@code threads} ONNX Runtime threads, or all cores for 0. */
    public static SessionSettings cpuOrAllCores(int threads) {
        return cpu(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
    }

    /** The same settings without fusions. */
    public SessionSettings unfused() {
        return new SessionSettings(device, threads, spinning, false);
    }
}
