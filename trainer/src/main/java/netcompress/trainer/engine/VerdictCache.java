package netcompress.trainer.engine;

import netcompress.Cpu;
import netcompress.Provenance;
import netcompress.io.AtomicFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The engine check's verdicts, one small properties file per {@link TorchEngine#verdictKey}, under
 * {@code ~/.cache/netcompress/engine} ({@code $XDG_CACHE_HOME} or {@code NETCOMPRESS_CACHE} when set).
 * Only a usable verdict is kept: a CPU where nothing passes is checked again next time.
 */
final class VerdictCache {
    private final Path file;
    private final String key;

    VerdictCache(Path folder, String key) {
        this.key = key;
        this.file = folder.resolve("verdict-" + sha256(key).substring(0, 16) + ".properties");
    }

    static Path defaultFolder() {
        String forced = System.getProperty("netcompress.engine.cache");
        if (forced != null) {
            return Path.of(forced);
        }
        String own = System.getenv("NETCOMPRESS_CACHE");
        if (own != null && !own.isBlank()) {
            return Path.of(own, "engine");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getenv("HOME"); // as shells and XDG tools read it; Java's user.home ignores a changed $HOME
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache");
        return base.resolve("netcompress").resolve("engine");
    }

    Path file() {
        return file;
    }

    /** The cached verdict, or null when there is none for this key (or the file is not one of ours). */
    Verdict read() {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        if (!key.equals(p.getProperty("key")) || p.getProperty("choice") == null) {
            return null;
        }
        List<String> details = new ArrayList<>();
        for (int i = 0; p.getProperty("result." + i) != null; i++) {
            details.add(p.getProperty("result." + i));
        }
        return new Verdict(EngineSettings.parse(p.getProperty("choice")), details, Integer.parseInt(p.getProperty("correct", "1")),
                p.getProperty("checked", "?"),
                Double.parseDouble(p.getProperty("seconds", "0")));
    }

    /** Keeps a usable verdict; a folder we cannot write only costs the next command another check. */
    void write(Verdict v) {
        if (v.choice() == null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("key", key);
        p.setProperty("choice", v.choice().key());
        p.setProperty("correct", Integer.toString(v.correct()));
        p.setProperty("checked", v.checked());
        p.setProperty("seconds", String.format(Locale.ROOT, "%.2f", v.seconds()));
        for (int i = 0; i < v.details().size(); i++) {
            p.setProperty("result." + i, v.details().get(i));
        }
        try {
            Files.createDirectories(file.getParent());
            StringWriter w = new StringWriter();
            p.store(w, "netcompress engine check (trainer/README.md, Engine check); delete to check again");
            AtomicFiles.writeString(file, true, w.toString());
        } catch (IOException | RuntimeException e) {
            // not cached: the next command checks again
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A decision: the configuration to use (null: none computes right), what each tried one did, how many were right,
     * when, and what it cost.
     */
    record Verdict(EngineSettings choice, List<String> details, int correct, String checked, double seconds) {
        static Verdict of(EngineSettings choice, List<ProbeResult> results, double seconds) {
            return new Verdict(choice, results.stream().map(ProbeResult::summary).toList(),
                    (int) results.stream().filter(ProbeResult::passed).count(), Instant.now().toString(), seconds);
        }

        boolean usesDefaults() {
            return EngineSettings.DEFAULT.equals(choice);
        }

        /** The one line of the run that decided. */
        String announcement() {
            String head = "engine: libtorch " + Provenance.pytorchVersion() + " on " + Cpu.model();
            String cost = String.format(Locale.ROOT, "checked in %.1f s, once", seconds);
            if (choice == null) {
                return head + ": no configuration computes right (" + cost + ")";
            }
            if (usesDefaults()) {
                return head + ": its defaults compute right (" + cost + ")";
            }
            return head + ": using " + choice.describe() + ", chosen of " + correct + " correct configurations out of "
                    + details.size() + " (" + cost + "; {verbose} lists them)";
        }

        /** The line of later runs: said only when the configuration is not libtorch's own (or with --verbose). */
        String reminder(Path file) {
            return usesDefaults() ? "engine: libtorch's defaults, checked correct on this CPU " + checked + " (" + file + ")"
                    : "engine: " + choice.describe() + ": libtorch's defaults compute wrong results on this CPU (checked " + checked + ", " + file + ")";
        }

        String refusal() {
            return "libtorch " + Provenance.pytorchVersion() + " computes wrong results on " + Cpu.model() + " in every configuration tried ("
                    + String.join("; ", details) + "): refusing to train on wrong numbers (trainer/README.md, Engine check)";
        }
    }
}
