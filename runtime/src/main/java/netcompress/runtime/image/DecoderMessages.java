package netcompress.runtime.image;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * What the native decoders inside OpenCV (libjpeg, libpng, libtiff, libwebp) print on the process's stderr,
 * caught and handed to the decode that caused it, so a message reaches the user as one line naming the file
 * instead of raw text between the progress lines. libjpeg's warnings ("Corrupt JPEG data: premature end of
 * data segment") have no other way out: OpenCV leaves libjpeg's default message handler in place.
 *
 * <p>How: on first use file descriptor 2 becomes a pipe whose read end is non-blocking. After each decode
 * the decoding thread drains the pipe itself (the decoder wrote before returning, so its lines are in the
 * pipe by then); a line that looks like a decoder's message is counted, anything else (Java's own
 * System.err, other libraries) is passed to the real stderr at once. A decode during which no decoder line
 * was counted is clean. Otherwise the lines may be another thread's, so that one file is decoded again with
 * every other decode held off, and the lines of that run are exactly its own. A daemon thread drains every
 * few milliseconds while no decode runs, and a shutdown hook drains and puts stderr back, so nothing printed
 * before exit is lost.
 *
 * <p>Where JNA cannot reach libc (not Linux, or a locked-down JVM), messages stay raw on stderr and every
 * decode counts as clean: the decode itself is unchanged.
 */
public final class DecoderMessages {
    /** A decode that may throw a bad-image error. */
    public interface Decode<T> {
        T run() throws BadImageException;
    }

    /** The decode's result and the decoder lines it printed (empty for a clean decode). */
    public record Captured<T>(T value, List<String> messages) {
    }

    interface LibC extends Library {
        int pipe(int[] fds);

        int dup(int fd);

        int dup2(int from, int to);

        int fcntl(int fd, int cmd, int arg);

        long read(int fd, byte[] buf, long count);

        long write(int fd, byte[] buf, long count);
    }

    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 04000;
    private static final long IDLE_DRAIN_MS = 5;

    /** libjpeg's messages (jerror.h), libpng's, libtiff's and OpenCV's own codec warnings. */
    static final Predicate<String> FROM_DECODER = line -> line.startsWith("Corrupt JPEG data")
            || line.startsWith("Premature end of JPEG file") || line.startsWith("Invalid SOS parameters")
            || line.startsWith("Inconsistent progression sequence") || line.startsWith("Warning: ")
            || line.startsWith("Unsupported marker") || line.startsWith("Application transferred too few scanlines")
            || line.startsWith("libpng warning") || line.startsWith("libpng error")
            || line.startsWith("TIFF") || line.startsWith("[ WARN:");

    private static final DecoderMessages SHARED = new DecoderMessages();

    private final ReadWriteLock decodes = new ReentrantReadWriteLock();
    private final Object drainLock = new Object();
    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final byte[] buf = new byte[8192];
    private volatile boolean installed;
    private boolean tried;
    private LibC libc;
    private int readFd = -1;
    private int realStderr = -1;

    private DecoderMessages() {
    }

    public static DecoderMessages shared() {
        return SHARED;
    }

    /** Runs {@code decode}, returning its value with the decoder lines it printed. */
    public <T> Captured<T> capture(Decode<T> decode) throws BadImageException {
        if (!ensureInstalled()) {
            return new Captured<>(decode.run(), List.of());
        }
        decodes.readLock().lock();
        try {
            int before = drainedCount();
            T value = decode.run();
            if (linesSince(before).isEmpty()) {
                return new Captured<>(value, List.of());
            }
        } finally {
            decodes.readLock().unlock();
        }
        // someone printed while we decoded: decode again alone, so every line of that run is ours
        decodes.writeLock().lock();
        try {
            int before = drainedCount();
            T value = decode.run();
            return new Captured<>(value, linesSince(before));
        } finally {
            forget();
            decodes.writeLock().unlock();
        }
    }

    private int drainedCount() {
        synchronized (drainLock) {
            drain();
            return lines.size();
        }
    }

    /** Decoder lines counted after {@code before}; when the idle drainer has cleared them since, all that remain. */
    private List<String> linesSince(int before) {
        synchronized (drainLock) {
            drain();
            return List.copyOf(lines.subList(Math.min(before, lines.size()), lines.size()));
        }
    }

    /** True once stderr goes through the pipe (what {@link #capture} needs to see messages). */
    public boolean active() {
        return ensureInstalled();
    }

    private void forget() {
        synchronized (drainLock) {
            lines.clear();
        }
    }

    private boolean ensureInstalled() {
        // every decode asks: no lock once it is settled
        if (installed) {
            return true;
        }
        return install();
    }

    private synchronized boolean install() {
        if (installed || tried) {
            return installed;
        }
        tried = true;
        try {
            LibC c = Native.load("c", LibC.class);
            int[] fds = new int[2];
            if (c.pipe(fds) != 0) {
                return false;
            }
            int saved = c.dup(2);
            if (saved < 0) {
                return false;
            }
            c.fcntl(fds[0], F_SETFL, c.fcntl(fds[0], F_GETFL, 0) | O_NONBLOCK);
            System.err.flush();
            if (c.dup2(fds[1], 2) < 0) {
                return false;
            }
            libc = c;
            readFd = fds[0];
            realStderr = saved;
            installed = true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
        Thread idle = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(IDLE_DRAIN_MS);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (drainLock) {
                    drain();
                    if (lines.size() > 10_000) {
                        lines.clear();
                    }
                }
            }
        }, "netcompress-stderr");
        idle.setDaemon(true);
        idle.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::restore, "netcompress-stderr-restore"));
        return true;
    }

    /** Puts the real stderr back on descriptor 2, after passing on whatever is still in the pipe. */
    private void restore() {
        System.err.flush();
        synchronized (drainLock) {
            drain();
            if (partial.size() > 0) {
                pass(partial.toByteArray());
                partial.reset();
            }
            libc.dup2(realStderr, 2);
        }
    }

    /** Reads what the pipe holds; decoder lines are kept, the rest goes to the real stderr. Holds drainLock. */
    private void drain() {
        while (true) {
            long n = libc.read(readFd, buf, buf.length);
            if (n <= 0) {
                return;
            }
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    partial.write(buf, start, i + 1 - start);
                    line(partial.toByteArray());
                    partial.reset();
                    start = i + 1;
                }
            }
            partial.write(buf, start, (int) n - start);
        }
    }

    private void line(byte[] bytes) {
        String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8).strip();
        if (FROM_DECODER.test(text)) {
            lines.add(text);
        } else {
            pass(bytes);
        }
    }

    private void pass(byte[] bytes) {
        int off = 0;
        while (off < bytes.length) {
            byte[] rest = off == 0 ? bytes : Arrays.copyOfRange(bytes, off, bytes.length);
            long w = libc.write(realStderr, rest, rest.length);
            if (w <= 0) {
                return;
            }
            off += (int) w;
        }
    }
}
