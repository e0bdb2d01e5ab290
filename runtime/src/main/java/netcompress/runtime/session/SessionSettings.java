package netcompress.runtime.session;

/**
 * How sessions are made.
 *
 * @param device        --device
 * @param threads       ONNX Runtime intra-op threads
 * @param spinning      whether idle ORT threads spin; off when decoder threads share the cores,
 *                      where spinning would take CPU time from them
 */
public record SessionSettings(Device device, int threads, boolean spinning) {
    public SessionSettings {
        if (threads < 1) {
            throw new netcompress.errors.BadInputException("--threads must be at least 1, got " + threads);
        }
    }

    public static SessionSettings cpu(int threads) {
        return new SessionSettings(new Device(Device.Kind.CPU, 0), threads, false);
    }
}
