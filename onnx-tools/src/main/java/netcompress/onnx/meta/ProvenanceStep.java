package netcompress.onnx.meta;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.Provenance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a model's provenance, as every job records it: what was done ({@code step}), to which input (its
 * SHA-256), with which settings and results ({@code details}), and where: the environment (versions, CPU) is
 * always there. Appended to the model's earlier steps, never over them.
 */
public record ProvenanceStep(String step, String inputSha256, Map<String, ?> details, Map<String, Object> environment) {
    /** A step recorded in this process's environment. */
    public static ProvenanceStep of(String step, String inputSha256, Map<String, ?> details) {
        return new ProvenanceStep(step, inputSha256, details, Provenance.environment());
    }

    /** {@code model} with this step appended to its provenance. */
    public ModelProto appendTo(ModelProto model) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("environment", environment);
        return ModelMetadata.withProvenanceStepOfDigest(model, step, inputSha256, d);
    }
}
