package netcompress.datasets;

/** Told after each file a generator writes; called from worker threads, so keep it cheap and thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> {
    };

    void progress(int done, int total);
}
