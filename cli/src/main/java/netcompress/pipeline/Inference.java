package netcompress.pipeline;

import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.pipeline.BadImagePolicy;
import netcompress.runtime.pipeline.ImageFolder;
import netcompress.runtime.predict.ModelSet;
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
        try (ModelSet models = ModelSet.open(List.of(model), settings, PreprocessOverrides.none(), ctx::log)) {
            Predictor p = new Predictor(models.models(), new Predictor.Options(64, CORES, false, BadImagePolicy.parse("stop")),
                    Progress.silent(), ctx::log);
            return p.run(folder.items());
        }
    }
}
