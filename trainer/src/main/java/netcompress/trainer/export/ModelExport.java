package netcompress.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.Provenance;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.meta.ProvenanceStep;

import java.util.List;
import java.util.Map;

/**
 * A trained graph as a self-describing file: preprocessing and class names in metadata_props (so
 * {@code predict} needs no flags) and one provenance step saying how it was trained, appended by the
 * {@link ArtifactSink} on top of any earlier steps the input graph carried (e.g. a pruned model fine-tuned here).
 */
public final class ModelExport {
    private ModelExport() {
    }

    /** The trained graph with its preprocessing, class names and producer: what predict needs without flags. */
    public static ModelProto describe(ModelProto model, PreprocessSpec spec, List<String> classNames) {
        ModelProto m = ModelMetadata.withPreprocess(model, spec);
        m = ModelMetadata.withClassNames(m, classNames);
        return m.toBuilder().setProducerName("netcompress").setProducerVersion(Provenance.netcompressVersion()).build();
    }

    /** The provenance step of a training run: {@code input} is the graph it started from (its SHA-256 goes into the record). */
    public static ProvenanceStep step(String step, ModelProto input, Map<String, ?> details) {
        return ProvenanceStep.of(step, input == null ? null : ModelMetadata.sha256(input.toByteArray()), details);
    }
}
