package netcompress.onnx.meta;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import netcompress.errors.BadInputException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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

    /** The key naming a history record's step; the rest of the record is the step's own details. */
    public static final String STEP = "step";
    /** The SHA-256 (hex) of the serialized model a step started from; absent for a model built from scratch. */
    public static final String INPUT_SHA256 = "inputSha256";

    /**
     * How the model was made, oldest step first: one record per step (train, distill, prune,
     * fine-tune, quantize...), each with its settings, versions and the SHA-256 of its input model.
     * Records are only ever appended. Files written before the history was a list (one JSON object
     * keyed by step name) read as one record per key.
     */
    public static List<Map<String, Object>> history(ModelProto m) {
        return get(m, PROVENANCE).map(ModelMetadata::parseHistory).orElse(List.of());
    }

    private static List<Map<String, Object>> parseHistory(String json) {
        try {
            if (json.strip().startsWith("[")) {
                return JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() { });
            }
            Map<String, Object> legacy = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            List<Map<String, Object>> steps = new ArrayList<>();
            legacy.forEach((step, details) -> {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put(STEP, step);
                if (details instanceof Map<?, ?> d) {
                    d.forEach((k, v) -> r.put(String.valueOf(k), v));
                }
                steps.add(r);
            });
            return steps;
        } catch (JsonProcessingException e) {
            return List.of(Map.of(STEP, "unreadable", "json", json));
        }
    }

    /** The latest record of each step name (a view of {@link #history}), e.g. {@code provenance(m).get("prune")}. */
    public static Map<String, Object> provenance(ModelProto m) {
        Map<String, Object> latest = new LinkedHashMap<>();
        for (Map<String, Object> r : history(m)) {
            Map<String, Object> details = new LinkedHashMap<>(r);
            latest.put(String.valueOf(details.remove(STEP)), details);
        }
        return latest;
    }

    /**
     * Appends one step to the model's history: its name, the SHA-256 of {@code input} (the model the
     * step started from; null for one built from scratch) and its details. Earlier steps stay as they are.
     */
    public static ModelProto withProvenanceStep(ModelProto m, String step, ModelProto input, Map<String, ?> details) {
        return withProvenanceStepOfDigest(m, step, input == null ? null : sha256(input.toByteArray()), details);
    }

    /**
     * As {@link #withProvenanceStep(ModelProto, String, ModelProto, Map)} with the input's digest
     * ({@link #sha256} of its serialized bytes) already computed, e.g. while the step ran.
     */
    public static ModelProto withProvenanceStepOfDigest(ModelProto m, String step, String inputSha256, Map<String, ?> details) {
        List<Map<String, Object>> steps = new ArrayList<>(history(m));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(STEP, step);
        if (inputSha256 != null) {
            r.put(INPUT_SHA256, inputSha256);
        }
        r.putAll(details);
        steps.add(r);
        return with(m, PROVENANCE, toJson(steps));
    }

    /** Hex SHA-256 of {@code bytes} (a serialized model). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
