package netcompress.runtime.predict;

import netcompress.runtime.loading.ImageItem;

import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * {@link FolderInference} spread over a cluster (the {@code spark} module's Spark job, found through
 * {@link ServiceLoader} so that neither this module nor the default jar carries Spark). It returns what
 * {@link FolderInference#run} returns for the same request and images, bad images and their policy included,
 * so {@code predict} writes the same files from it.
 */
public interface ClusterInference {
    /**
     * @param master a Spark master: {@code local[N]}, {@code local[N,F]} (F attempts per task), a cluster URL
     */
    FolderInference.Result run(String master, FolderInference.Request request, List<ImageItem> items, Consumer<String> info,
                               Consumer<String> warnings);

    /** The implementation on the classpath, or null when the Spark part is not there. */
    static ClusterInference find() {
        return ServiceLoader.load(ClusterInference.class).findFirst().orElse(null);
    }
}
