package netcompress.spark;

import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.session.Device;
import netcompress.runtime.session.SessionSettings;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * The part of a predict request every task needs, in a form Spark can ship: model names, device, preprocessing
 * overrides, batch and test-time flip, the decode mode, and the threads one task may use ({@code spark.task.cpus}).
 */
record TaskSettings(List<String> models, String deviceKind, int cudaIndex, int[] size, float[] mean, float[] std, int batch,
                    boolean flip, boolean reducedDecode, int threads, int failFirstAttemptOf) implements Serializable {

    static TaskSettings of(FolderInference.Request r, int threads, int failFirstAttemptOf) {
        PreprocessOverrides o = r.overrides();
        Device d = r.session().device();
        return new TaskSettings(r.models().stream().map(Path::toString).toList(), d.kind().name(), d.cudaIndex(), o.size(), o.mean(), o.std(),
                r.options().batch(), r.options().flip(), r.reducedDecode(), threads, failFirstAttemptOf);
    }

    List<Path> modelPaths() {
        return models.stream().map(Path::of).toList();
    }

    SessionSettings session() {
        return new SessionSettings(new Device(Device.Kind.valueOf(deviceKind), cudaIndex), threads, false);
    }

    PreprocessOverrides overrides() {
        return new PreprocessOverrides(size, mean, std);
    }

    /** Bad images are collected, never thrown, in a task: the driver applies the policy over all of them. */
    Predictor.Options predictorOptions() {
        return new Predictor.Options(batch, threads, flip, BadImagePolicy.SKIP);
    }
}
