package netcompress.datasets;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a generator wrote.
 *
 * @param root    the dataset folder
 * @param counts  images per split, in layout order (e.g. "training/labeled" -&gt; 3080)
 * @param bytes   total bytes of image files
 * @param seconds wall time
 */
public record GenerationSummary(Path root, Map<String, Integer> counts, long bytes, double seconds) {
    public GenerationSummary {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    public int images() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public String oneLine() {
        String parts = counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return String.format("wrote %d images (%s; %.1f MB) to %s in %.1f s (%.0f images/s)",
                images(), parts, bytes / 1e6, root, seconds, seconds > 0 ? images() / seconds : 0.0);
    }
}
