package netcompress.runtime.session;

import netcompress.io.Folders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * ONNX Runtime's Java binding copies its native libraries (22 MB) out of the jar into a new temporary
 * folder on every start: about 100 ms of every short command (bench/RESULTS.md, pruner). Copied once into
 * a folder beside the jar, keyed by the jar's size and time, and named by {@code onnxruntime.native.path},
 * they load in place. A folder that cannot be written, a run from classes rather than a jar, or a path the
 * user set leave the binding's own behaviour.
 */
public final class OrtNativeCache {
    static final String PROPERTY = "onnxruntime.native.path";
    private static final String MARKER = ".complete";

    private OrtNativeCache() {
    }

    /** Points ONNX Runtime at its libraries copied beside {@code jar}; call before the first session. */
    public static void useCopyBeside(Path jar) {
        if (System.getProperty(PROPERTY) != null || jar == null || !Files.isRegularFile(jar)) {
            return;
        }
        try {
            Path dir = prepare(jar, platform());
            if (dir != null) {
                System.setProperty(PROPERTY, dir.toString());
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // the binding's per-run copy still works; a read-only install just stays on it
        }
    }

    /**
     * The folder holding the jar's {@code ai/onnxruntime/native/PLATFORM/} files, copied on first use (into a
     * temporary sibling, then renamed, so a concurrent start sees all of it or none); null when the jar has none.
     */
    static Path prepare(Path jar, String platform) throws IOException {
        String prefix = "ai/onnxruntime/native/" + platform + "/";
        Path root = jar.toAbsolutePath().getParent().resolve("onnxruntime-native");
        Path dir = root.resolve(platform + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis());
        if (Files.exists(dir.resolve(MARKER))) {
            return dir;
        }
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, ".copy");
        try {
            boolean any = false;
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                    ZipEntry z = e.nextElement();
                    String name = z.getName();
                    if (z.isDirectory() || !name.startsWith(prefix) || name.substring(prefix.length()).contains("/")) {
                        continue;
                    }
                    try (InputStream in = zip.getInputStream(z)) {
                        Files.copy(in, tmp.resolve(name.substring(prefix.length())));
                    }
                    any = true;
                }
            }
            if (!any) {
                return null;
            }
            Files.createFile(tmp.resolve(MARKER));
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException raced) {
                if (!Files.exists(dir.resolve(MARKER))) {
                    throw raced;
                }
            }
            removeOthers(root, dir);
            return dir;
        } finally {
            Folders.deleteQuietly(tmp);
        }
    }

    /** ONNX Runtime's folder name for this machine: linux-x64, linux-aarch64, osx-x64, osx-aarch64, win-x64. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") ? "osx" : os.contains("win") ? "win" : "linux";
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
        return o + "-" + a;
    }

    /** Copies for older jars: a rebuilt jar gets a new folder, and the old ones are never read again. */
    private static void removeOthers(Path root, Path keep) {
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> !p.equals(keep) && !p.getFileName().toString().startsWith(".")).forEach(Folders::deleteQuietly);
        } catch (IOException ignored) {
            // stale copies only cost disk
        }
    }
}
