package netcompress.trainer.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Hands memory the run no longer uses back to the system, once an epoch. What grew from epoch to epoch in a
 * low-label distillation (56,600 unlabeled images) was not native: jemalloc held 124 MB live and 337 MB resident
 * while the process held 1.5 GB. It was the Java heap, which the garbage collector lets grow towards -Xmx (8 GB from
 * the launcher) while it collects rarely, and the direct buffers and their native memory that only a collection
 * frees. So: a full collection (G1 then also gives back heap it no longer needs; about a tenth of a second
 * against an epoch of minutes), then the allocator's freed pages: the launcher runs jemalloc without decay
 * (returning pages on every free made that distillation 3.3x slower, 150 against 500 images/s), which
 * {@code mallctl("arena.4096.purge")} (4096: all arenas) releases; glibc's malloc: {@code malloc_trim(0)}.
 */
public final class NativeMemory {
    private static final int ALL_ARENAS = 4096;

    private NativeMemory() {
    }

    /** Collects, then returns what the allocator in use could give back (nothing more where it knows neither call). */
    public static void release() {
        System.gc();
        NativeLibrary process = NativeLibrary.getProcess();
        Function mallctl = find(process, "mallctl");
        if (mallctl != null) {
            mallctl.invokeInt(new Object[] {"arena." + ALL_ARENAS + ".purge", Pointer.NULL, Pointer.NULL, Pointer.NULL, 0L});
            return;
        }
        Function trim = find(process, "malloc_trim");
        if (trim != null) {
            trim.invokeInt(new Object[] {0L});
        }
    }

    private static Function find(NativeLibrary lib, String name) {
        try {
            return lib.getFunction(name);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }
}
