package netcompress.io;

import netcompress.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void failedWriteLeavesNeitherTargetNorTemporaryFile() throws Exception {
        Path f = dir.resolve("out.csv");
        assertThrows(RuntimeException.class, () -> AtomicFiles.write(f, false, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void refusesToReplaceWithoutForceAndKeepsTheOriginal() throws Exception {
        Path f = dir.resolve("mine.txt");
        Files.writeString(f, "precious");
        assertThrows(BadInputException.class, () -> AtomicFiles.writeString(f, false, "new"));
        assertEquals("precious", Files.readString(f));
        AtomicFiles.writeString(f, true, "new");
        assertEquals("new", Files.readString(f));
    }

    @Test
    void newFilesGetTheUsualPermissionsAndReplacedFilesKeepTheirs() throws Exception {
        Path f = dir.resolve("a.csv");
        AtomicFiles.writeString(f, false, "x");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(f, true, "y");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
