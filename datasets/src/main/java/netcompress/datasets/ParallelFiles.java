package netcompress.datasets;

import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** Encodes and writes many small files on a few threads; each file's bytes depend only on its item. */
public final class ParallelFiles {
    private ParallelFiles() {
    }

    /**
     * Writes {@code bytes(item)} to {@code root/path(item)} for every item, creating folders first.
     *
     * @return the total number of bytes written
     */
    public static <T> long write(Path root, List<T> items, Function<T, String> path, Function<T, byte[]> bytes,
                                 int threads, ProgressListener progress) {
        try {
            for (Path dir : items.stream().map(i -> root.resolve(path.apply(i)).getParent()).distinct().toList()) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new NetcompressException(ExitCode.INTERNAL, "could not create folders under " + root + ": " + e.getMessage(), e);
        }
        AtomicInteger done = new AtomicInteger();
        AtomicLong total = new AtomicLong();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> items.parallelStream().forEach(item -> {
                byte[] b = bytes.apply(item);
                Path file = root.resolve(path.apply(item));
                try {
                    Files.write(file, b);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write " + file, e);
                }
                total.addAndGet(b.length);
                progress.progress(done.incrementAndGet(), items.size());
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetcompressException(ExitCode.INTERNAL, "interrupted while writing under " + root);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NetcompressException ne) {
                throw ne;
            }
            throw new NetcompressException(ExitCode.INTERNAL, "could not write under " + root + ": " + cause.getMessage(), cause);
        } finally {
            pool.shutdown();
        }
        return total.get();
    }
}
