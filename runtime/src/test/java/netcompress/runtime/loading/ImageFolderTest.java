package netcompress.runtime.loading;

import netcompress.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {
    private static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[]{1});
    }

    private static List<String> names(ImageFolder f) {
        return f.items().stream().map(i -> f.root().relativize(i.path()).toString()).toList();
    }

    @Test
    void ordersAsTorchvisionDatasetFolder(@TempDir Path root) throws IOException {
        for (String n : List.of("10/b.jpg", "10/a.JPG", "02/z.png", "02/sub/a.jpg", "02/B.jpeg", "02/notes.txt", "02/anim.gif",
                "00/1.jpg", "00/10.jpg", "00/2.jpg", "stray.jpg")) {
            touch(root.resolve(n));
        }
        ImageFolder f = ImageFolder.scan(root, true);
        assertEquals(List.of("00", "02", "10"), f.classes());
        // byte order ("B" before "z", "10" before "2"), sub-folders after their parent's files
        assertEquals(List.of("00/1.jpg", "00/10.jpg", "00/2.jpg", "02/B.jpeg", "02/z.png", "02/sub/a.jpg", "10/a.JPG", "10/b.jpg"), names(f));
        assertEquals(List.of(0, 0, 0, 1, 1, 1, 2, 2), f.items().stream().map(ImageItem::label).toList());
        for (int i = 0; i < f.items().size(); i++) {
            assertEquals(i, f.items().get(i).index());
        }
        assertEquals(3, f.ignored().size(), f.ignored().toString());
    }

    @Test
    void aFlatFolderIsOneUnlabeledSet(@TempDir Path root) throws IOException {
        touch(root.resolve("b.jpg"));
        touch(root.resolve("a.png"));
        ImageFolder f = ImageFolder.scan(root, false);
        assertEquals(List.of("a.png", "b.jpg"), names(f));
        assertEquals(-1, f.items().get(0).label());
        assertThrows(BadInputException.class, () -> ImageFolder.scan(root, true));
    }

    @Test
    void missingOrEmptyFoldersAreBadInput(@TempDir Path root) throws IOException {
        assertTrue(assertThrows(BadInputException.class, () -> ImageFolder.scan(root.resolve("nope"), false)).getMessage().contains("no such folder"));
        touch(root.resolve("00/readme.txt"));
        assertTrue(assertThrows(BadInputException.class, () -> ImageFolder.scan(root, false)).getMessage().contains("no images found"));
    }
}
