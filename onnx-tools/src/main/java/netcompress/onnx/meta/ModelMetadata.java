package netcompress.onnx.meta;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import netcompress.errors.BadInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What travels with a model in {@code metadata_props}: its preprocessing, its class names and its
 * provenance (how it was made: inputs, settings, versions), each one JSON value under a fixed key.
 */
public final class ModelMetadata {
    public static final String PREPROCESS = "netcompress.preprocess";
    public static final String CLASSES = "netcompress.classes";
    public static final String PROVENANCE = "netcompress.provenance";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelMetadata() {
    }

    public static Optional<String> get(ModelProto m, String key) {
        for (StringStringEntryProto e : m.getMetadataPropsList()) {
            if (e.getKey().equals(key)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    public static ModelProto with(ModelProto m, String key, String value) {
        ModelProto.Builder b = m.toBuilder().clearMetadataProps();
        for (StringStringEntryProto e : m.getMetadataPropsList()) {
            if (!e.getKey().equals(key)) {
                b.addMetadataProps(e);
            }
        }
        return b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)).build();
    }

    public static Optional<PreprocessSpec> preprocess(ModelProto m) {
        return get(m, PREPROCESS).map(PreprocessSpec::fromJson);
    }

    public static ModelProto withPreprocess(ModelProto m, PreprocessSpec spec) {
        return with(m, PREPROCESS, spec.toJson());
    }

    public static Optional<List<String>> classNames(ModelProto m) {
        return get(m, CLASSES).map(json -> {
            try {
                return JSON.readValue(json, new TypeReference<List<String>>() { });
            } catch (JsonProcessingException e) {
                throw new BadInputException("class-name metadata is not a JSON list of strings");
            }
        });
    }

    public static ModelProto withClassNames(ModelProto m, List<String> names) {
        return with(m, CLASSES, toJson(names));
    }

    public static Map<String, Object> provenance(ModelProto m) {
        return get(m, PROVENANCE).map(json -> {
            try {
                return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            } catch (JsonProcessingException e) {
                return Map.<String, Object>of("unreadable", json);
            }
        }).orElse(Map.of());
    }

    /** Adds one step to the model's provenance, keeping earlier steps (e.g. distill, then prune). */
    public static ModelProto withProvenanceStep(ModelProto m, String step, Map<String, ?> details) {
        Map<String, Object> p = new LinkedHashMap<>(provenance(m));
        p.put(step, details);
        return with(m, PROVENANCE, toJson(p));
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
