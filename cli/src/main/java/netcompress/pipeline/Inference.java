package netcompress.pipeline;

import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.progress.Progress;
import netcompress.runtime.session.Device;
import netcompress.runtime.session.SessionSettings;

import java.nio.file.Path;
import java.util.List;

/** The runtime's batched ONNX Runtime inference over one folder, as predict and eval run it. */
final class Inference {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private Inference() {
    }

    static Predictions run(PipelineContext ctx, Path model, ImageFolder folder) {
        SessionSettings settings = new SessionSettings(Device.parse(ctx.settings().device()), CORES, false);
        FolderInference.Request request = new FolderInference.Request(List.of(model), settings, PreprocessOverrides.none(),
                new Predictor.Options(64, CORES, false, BadImagePolicy.parse("stop")), true, false, null);
        return FolderInference.run(request, folder.items(), Progress.silent(), ctx::log, ctx::log).predictions();
    }
}
