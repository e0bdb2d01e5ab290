package netcompress.runtime.loading;

import netcompress.errors.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The images of a folder in exactly the order torchvision's {@code DatasetFolder} yields them, so
 * that row i of a submission is image i of the reference notebook: class folders sorted by name,
 * then within each class every file under it (recursively, following links) sorted by its folder's
 * path and then its name, keeping only names with one of torchvision's image extensions.
 * A folder holding images and no class folders is taken as one unlabeled set, sorted by name.
 *
 * @param classes  class folder names in sorted order (empty for a flat folder)
 * @param items    the images, indexed 0..n-1
 * @param ignored  files skipped because torchvision would not list them (other extensions,
 *                 files beside the class folders)
 */
public record ImageFolder(Path root, List<String> classes, List<ImageItem> items, List<Path> ignored) {
    /** torchvision.datasets.folder.IMG_EXTENSIONS. */
    public static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

    /** Python compares str by code point; Java's compareTo by UTF-16 unit differs above U+FFFF. */
    static final Comparator<String> PYTHON_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    public static boolean hasImageExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) {
            if (n.endsWith(e)) {
                return true;
            }
        }
        return false;
    }

    /** Lists {@code root}; {@code labeled} gives each image its class folder's index. */
    public static ImageFolder scan(Path root, boolean labeled) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root + ": " + (Files.exists(root) ? "is not a folder" : "no such folder"));
        }
        List<Path> entries = list(root);
        List<Path> dirs = entries.stream().filter(Files::isDirectory).toList();
        List<Path> ignored = new ArrayList<>();
        List<ImageItem> items = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        if (dirs.isEmpty()) {
            if (labeled) {
                throw new BadInputException(root + ": has no class folders; a labeled set needs one subfolder per class");
            }
            for (Path f : entries) {
                if (hasImageExtension(f)) {
                    items.add(new ImageItem(items.size(), f, -1));
                } else {
                    ignored.add(f);
                }
            }
        } else {
            for (Path f : entries) {
                if (!Files.isDirectory(f)) {
                    ignored.add(f);
                }
            }
            for (Path dir : dirs) {
                int label = classes.size();
                classes.add(dir.getFileName().toString());
                int before = items.size();
                for (Path f : walkSorted(dir)) {
                    if (hasImageExtension(f)) {
                        items.add(new ImageItem(items.size(), f, labeled ? label : -1));
                    } else {
                        ignored.add(f);
                    }
                }
                if (labeled && items.size() == before) {
                    // torchvision's ImageFolder refuses this too: a class without examples can be neither learned nor scored
                    throw new BadInputException(dir + ": class folder holds no images");
                }
            }
        }
        if (items.isEmpty()) {
            throw new BadInputException(root + ": no images found (looked for " + String.join(" ", EXTENSIONS) + ")");
        }
        return new ImageFolder(root, List.copyOf(classes), List.copyOf(items), List.copyOf(ignored));
    }

    /** Entries of {@code dir}, sorted by name in Python's order. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString(), PYTHON_ORDER)).toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list (" + e.getMessage() + ")");
        }
    }

    /** os.walk order as DatasetFolder sorts it: by folder path, then file name. */
    private static List<Path> walkSorted(Path dir) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            s.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(dir + ": cannot list (" + e.getMessage() + ")");
        }
        files.sort(Comparator.<Path, String>comparing(p -> p.getParent().toString(), PYTHON_ORDER)
                .thenComparing(p -> p.getFileName().toString(), PYTHON_ORDER));
        return files;
    }
}
