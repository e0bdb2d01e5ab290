package netcompress.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ProvenanceStep;

import java.nio.file.Path;

/**
 * Where the trainer's exports go: the model, the provenance step to append to it, the model training started
 * from, the file. The jobs module's {@code ArtifactWriter.forTraining} checks each export before writing it;
 * {@link #unchecked()} only stamps and writes, for the trainer's own tests and benchmarks.
 */
@FunctionalInterface
public interface ArtifactSink {
    /** Writes {@code model} with {@code step} appended to its provenance; returns what was written. */
    ModelProto write(ModelProto model, ProvenanceStep step, ModelProto input, Path out);

    /** Appends the step and writes atomically, replacing an earlier export of the same run. */
    static ArtifactSink unchecked() {
        return (model, step, input, out) -> {
            ModelProto stamped = step.appendTo(model);
            OnnxModels.write(stamped, out, true);
            return stamped;
        };
    }
}
