package netcompress.datasets;

import netcompress.errors.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds a whole dataset folder in a hidden sibling and renames it into place only when complete,
 * so an interrupted run never leaves a half-written dataset under the requested name.
 * An existing non-empty folder is replaced only with {@code force}, and even then only when it holds
 * nothing but what a generator writes: --force on a wrong path must not delete someone's files.
 */
public final class DatasetStaging implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private boolean committed;

    private DatasetStaging(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    public static DatasetStaging open(Path out, boolean force, Set<String> ownedTopLevel) {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new BadInputException(out + " exists and is not a folder");
            }
            List<String> entries = list(target);
            if (!entries.isEmpty()) {
                if (!force) {
                    throw new BadInputException(out + " is not empty; pass {force} to replace it");
                }
                List<String> foreign = entries.stream().filter(e -> !ownedTopLevel.contains(e)).toList();
                if (!foreign.isEmpty()) {
                    throw new BadInputException(out + " holds " + foreign + ", which no dataset generator writes; "
                            + "refusing to replace it even with {force} (remove it yourself or pick another folder)");
                }
            }
        }
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".staging-");
            return new DatasetStaging(target, staging);
        } catch (IOException e) {
            throw new BadInputException("cannot create a folder beside " + out + ": " + e.getMessage());
        }
    }

    /** Where to write: the final folder's contents go here until {@link #commit()}. */
    public Path root() {
        return staging;
    }

    public Path target() {
        return target;
    }

    public void commit() {
        try {
            Path old = null;
            if (Files.exists(target)) {
                old = target.resolveSibling("." + target.getFileName() + ".old-" + staging.getFileName().toString()
                        .substring(staging.getFileName().toString().lastIndexOf('-') + 1));
                move(target, old);
            }
            move(staging, target);
            committed = true;
            if (old != null) {
                deleteRecursively(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not move " + staging + " to " + target, e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            deleteRecursively(staging);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list (" + e.getMessage() + ")");
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
