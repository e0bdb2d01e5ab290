package netcompress.runtime.predict;

import java.util.Locale;

/**
 * How a run went.
 *
 * @param images       images read (good and bad)
 * @param seconds      wall time from the first decode to the last logits
 * @param inferSeconds time inside ONNX Runtime
 * @param waitSeconds  time inference waited for decoders
 */
public record RunStats(int images, double seconds, double inferSeconds, double waitSeconds, String device, int threads) {
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }

    /** The final line of a run. */
    public String summary() {
        return String.format(Locale.ROOT, "%d images in %.2f s, %.1f images/s, device %s (%d threads)",
                images, seconds, imagesPerSecond(), device, threads);
    }
}
