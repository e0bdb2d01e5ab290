package netcompress;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Versions of everything a result depends on, filled in at build time, so every model and report
 * can say how it was made (Tribuo-style provenance).
 */
public final class Provenance {
    private static final Properties VERSIONS = load();

    private Provenance() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/netcompress/versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // versions are informational; an unreadable file leaves them "unknown"
        }
        return p;
    }

    public static String netcompressVersion() {
        return VERSIONS.getProperty("netcompress", "unknown");
    }

    public static String onnxRuntimeVersion() {
        return VERSIONS.getProperty("onnxruntime", "unknown");
    }

    public static String pytorchVersion() {
        return VERSIONS.getProperty("pytorch", "unknown");
    }

    public static String djlVersion() {
        return VERSIONS.getProperty("djl", "unknown");
    }

    /** The versions and environment to stamp into a model's or report's provenance. */
    public static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("netcompress", netcompressVersion());
        m.put("onnxruntime", onnxRuntimeVersion());
        m.put("djl", djlVersion());
        m.put("pytorch", pytorchVersion());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("cpu", Cpu.model());
        m.put("time", Instant.now().toString());
        return m;
    }
}
