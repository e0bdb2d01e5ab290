package netcompress.runtime.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrtNativeCacheTest {
    @TempDir
    Path dir;

    @Test
    void copiesThePlatformsLibrariesOnceAndAgainForANewJar() throws IOException {
        Path jar = jar(dir.resolve("app.jar"), "one");
        Path copy = OrtNativeCache.prepare(jar, "linux-x64");
        assertEquals(List.of(".complete", "libonnxruntime.so", "libonnxruntime4j_jni.so"), names(copy));
        assertEquals("one", Files.readString(copy.resolve("libonnxruntime.so")));
        assertEquals(copy, OrtNativeCache.prepare(jar, "linux-x64"), "the same jar reuses its copy");

        jar(jar, "two-longer");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        Path again = OrtNativeCache.prepare(jar, "linux-x64");
        assertNotEquals(copy, again);
        assertEquals("two-longer", Files.readString(again.resolve("libonnxruntime.so")));
        assertTrue(Files.notExists(copy), "the old jar's copy is removed");
        try (var s = Files.list(dir.resolve("onnxruntime-native"))) {
            assertEquals(1, s.count(), "no temporary folder left behind");
        }
    }

    @Test
    void aJarWithoutThePlatformGivesNoFolder() throws IOException {
        Path jar = jar(dir.resolve("app.jar"), "x");
        assertNull(OrtNativeCache.prepare(jar, "osx-aarch64"));
    }

    @Test
    void platformNamesFollowOnnxRuntimesFolders() {
        String p = OrtNativeCache.platform();
        assertTrue(List.of("linux-x64", "linux-aarch64", "osx-x64", "osx-aarch64", "win-x64").contains(p), p);
    }

    private static Path jar(Path path, String content) throws IOException {
        try (OutputStream o = Files.newOutputStream(path); ZipOutputStream z = new ZipOutputStream(o)) {
            for (String name : List.of("ai/onnxruntime/native/linux-x64/libonnxruntime.so", "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so",
                    "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so", "ai/onnxruntime/OrtSession.class")) {
                z.putNextEntry(new ZipEntry(name));
                z.write(content.getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return path;
    }

    private static List<String> names(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
