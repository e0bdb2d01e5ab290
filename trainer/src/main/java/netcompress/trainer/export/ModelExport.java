package netcompress.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.Provenance;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.PreprocessSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained graph as a self-describing file: preprocessing and class names in metadata_props (so
 * {@code predict} needs no flags) and one provenance step saying how it was trained, on top of any
 * earlier steps the input graph carried (e.g. a pruned model fine-tuned here).
 */
public final class ModelExport {
    private ModelExport() {
    }

    /** {@code input}: the graph the step started from (its SHA-256 goes into the record); null for a zoo model built here. */
    public static ModelProto describe(ModelProto model, ModelProto input, PreprocessSpec spec, List<String> classNames, String step,
                                      Map<String, ?> details) {
        Map<String, Object> p = new LinkedHashMap<>(details);
        p.put("environment", Provenance.environment());
        ModelProto m = ModelMetadata.withPreprocess(model, spec);
        m = ModelMetadata.withClassNames(m, classNames);
        m = ModelMetadata.withProvenanceStep(m, step, input, p);
        return m.toBuilder().setProducerName("netcompress").setProducerVersion(Provenance.netcompressVersion()).build();
    }

    /** Writes atomically, replacing an earlier export of the same run. */
    public static void write(ModelProto model, Path out) {
        OnnxModels.write(model, out, true);
    }
}
