package netcompress.testdata.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import netcompress.testdata.python.PythonScript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Real PyTorch exports of torchvision-style models (DenseNet, MobileNetV2/V3, MNASNet,
 * EfficientNet-B0, ShuffleNetV2 (x0.5 and x1.0), SqueezeNet, RegNet-X, ResNet-18, a GhostNet with squeeze-excite
 * through Shape/Gather) at opsets 13 and 17, and the idioms users write without thinking (Python-float gates,
 * {@code x.size(1) // 2}, {@code view(b, -1)}, hardsigmoid, pooling to 1, flatten; exported without constant
 * folding, so DOUBLE constants reach Clip through Cast) at opsets 11, 13 and 17, with PyTorch's parameter
 * counts and logits. They are
 * exported by {@code export_corpus.py} with Debian's python3-torch and python3-torchvision on
 * first use and cached under {@code test-data/target/corpus} (about 200 MB: never in git). Where
 * the packages are absent the corpus is unavailable and says why; CI installs them.
 */
public final class ExportCorpus {
    /** One exported file and what PyTorch says of it. */
    public record Entry(String name, Path file, int opset, long params, long[] inputShape, Path input, Path logits) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    private static final String SCRIPT = "export_corpus.py";
    private static final long TIMEOUT_MINUTES = 20;

    private static List<Entry> entries;
    private static String unavailable;

    private ExportCorpus() {
    }

    /** Whether the corpus can be had here; {@link #unavailableReason()} says why not. */
    public static synchronized boolean available() {
        load();
        return entries != null;
    }

    public static synchronized String unavailableReason() {
        load();
        return unavailable;
    }

    /** Whether a missing corpus must fail a test rather than skip it (CI installs the packages). */
    public static boolean required() {
        return PythonScript.required();
    }

    /**
     * Why a test of the corpus cannot run here, or null when it can: the corpus is available, or it
     * is not and CI requires it (then {@link #entries()} fails the test with the reason).
     */
    public static synchronized String skipReason() {
        return available() || required() ? null : "export corpus unavailable: " + unavailableReason();
    }

    /** Every entry, both opsets; throws when unavailable. */
    public static synchronized List<Entry> entries() {
        load();
        if (entries == null) {
            throw new IllegalStateException("the export corpus is unavailable: " + unavailable);
        }
        return entries;
    }

    private static void load() {
        if (entries != null || unavailable != null) {
            return;
        }
        Path dir = cacheDir();
        unavailable = PythonScript.run(ExportCorpus.class, SCRIPT, dir, TIMEOUT_MINUTES, "python3-torch python3-torchvision python3-onnx",
                "--out", dir.toString());
        if (unavailable == null) {
            try {
                entries = parse(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<Entry> parse(Path dir) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dir.resolve("corpus.json").toFile());
        List<Entry> list = new ArrayList<>();
        for (JsonNode e : root) {
            long[] shape = new long[e.get("input").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.get("input").get(i).asLong();
            }
            list.add(new Entry(e.get("name").asText(), dir.resolve(e.get("file").asText()), e.get("opset").asInt(),
                    e.get("params").asLong(), shape, dir.resolve(e.get("input_file").asText()), dir.resolve(e.get("logits").asText())));
        }
        return List.copyOf(list);
    }

    /** {@code test-data/target/corpus} of the checkout the tests run in, shared by every module's tests. */
    static Path cacheDir() {
        String configured = System.getProperty("netcompress.corpus.dir");
        return configured != null ? Paths.get(configured) : PythonScript.cacheDir("corpus");
    }
}
