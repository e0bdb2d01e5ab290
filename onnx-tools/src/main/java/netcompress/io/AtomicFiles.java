package netcompress.io;

import netcompress.errors.BadInputException;
import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Every output file is written to a temporary file in the same folder and renamed into place, so a
 * crash never leaves a half-written file under the final name, and a user's file is never replaced
 * without {@code force}.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes what {@code body} produces to {@code target}. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Refuses to go on when {@code target} exists and {@code force} is false (exit code 2). */
    public static void checkWritable(Path target, boolean force) {
        if (!force && Files.exists(target)) {
            throw new BadInputException(target + " already exists; pass {force} to overwrite it");
        }
    }

    public static void write(Path target, boolean force, Body body) {
        checkWritable(target, force);
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.writeTo(out);
            }
            keepUsualPermissions(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | UncheckedIOException e) {
            throw new NetcompressException(ExitCode.INTERNAL, "could not write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary name starts with a dot and ends in .tmp
                }
            }
        }
    }

    /**
     * createTempFile makes owner-only files; an output should get the permissions a plain write would
     * give it (rw-r--r--), or keep those of the file it replaces.
     */
    private static void keepUsualPermissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    public static void write(Path target, boolean force, byte[] bytes) {
        write(target, force, out -> out.write(bytes));
    }

    public static void writeString(Path target, boolean force, String text) {
        write(target, force, text.getBytes(StandardCharsets.UTF_8));
    }
}
