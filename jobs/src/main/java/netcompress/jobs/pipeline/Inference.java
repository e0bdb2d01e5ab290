package netcompress.jobs.pipeline;

import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.session.Device;
import netcompress.runtime.session.SessionSettings;

import java.nio.file.Path;
import java.util.List;

/** How the pipeline asks for inference over a folder (the predict and eval jobs run it). */
final class Inference {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private Inference() {
    }

    /** One model on the run's device, all cores, batches of 64, stopping at the first bad image. */
    static FolderInference.Request request(PipelineContext ctx, Path model) {
        SessionSettings settings = new SessionSettings(Device.parse(ctx.settings().device()), CORES, false);
        return new FolderInference.Request(List.of(model), settings, PreprocessOverrides.none(),
                new Predictor.Options(64, CORES, false, BadImagePolicy.parse("stop")), true, false, null);
    }
}
