package netcompress.testdata.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A corpus script run with Debian's Python (python3-torch, python3-pil and python3-onnx are installed for
 * {@code /usr/bin/python3}, not for a pyenv {@code python3} on PATH): the script is copied out of the jar into
 * the corpus folder and run there with its output logged beside it. The corpora that use it say on failure why
 * they are unavailable; under CI (which installs the packages) a test that needs one fails instead of skipping.
 */
public final class PythonScript {
    public static final String PYTHON = "/usr/bin/python3";

    private PythonScript() {
    }

    /** Whether a missing corpus must fail a test rather than skip it (CI installs the packages). */
    public static boolean required() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * Runs {@code resource} (next to {@code owner}) with {@code args} in {@code dir}; null when it exited 0, else why
     * it could not run, naming the packages to install when a module was missing.
     */
    public static String run(Class<?> owner, String resource, Path dir, long timeoutMinutes, String packages, String... args) {
        try {
            Files.createDirectories(dir);
            if (!Files.isExecutable(Paths.get(PYTHON))) {
                return PYTHON + " is missing (apt-get install " + packages + ")";
            }
            Path script = dir.resolve(resource);
            try (InputStream in = owner.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is missing beside " + owner.getName());
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
            command.addAll(List.of(args));
            Path log = dir.resolve(resource.replaceAll("\\.py$", "") + ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return resource + " ran past " + timeoutMinutes + " minutes (log: " + log + ")";
            }
            if (p.exitValue() != 0) {
                String out = Files.readString(log, StandardCharsets.UTF_8);
                return out.contains("No module named") ? packages + " is not fully installed: " + lastLine(out)
                        : resource + " failed (exit " + p.exitValue() + "): " + lastLine(out);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** {@code test-data/target/NAME} of the checkout the tests run in, shared by every module's tests. */
    public static Path cacheDir(String name) {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-data")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("test-data").resolve("target").resolve(name);
            }
        }
        return Paths.get(System.getProperty("java.io.tmpdir"), "netcompress-" + name);
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
