package netcompress.testdata.corrupt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** Writes a corpus of bad inputs (one file per enum constant) into a folder; shared by the image and model corpora. */
final class CorpusFiles {
    private CorpusFiles() {
    }

    static Path write(Path dir, String fileName, byte[] bytes) {
        Path file = dir.resolve(fileName);
        try {
            Files.createDirectories(dir);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static <E extends Enum<E>> Map<E, Path> writeAll(Class<E> kinds, Function<E, Path> writer) {
        Map<E, Path> files = new EnumMap<>(kinds);
        for (E kind : kinds.getEnumConstants()) {
            files.put(kind, writer.apply(kind));
        }
        return files;
    }
}
