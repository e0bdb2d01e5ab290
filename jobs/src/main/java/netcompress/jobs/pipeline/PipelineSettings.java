package netcompress.jobs.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import netcompress.errors.BadInputException;
import netcompress.trainer.data.DataRoot;
import netcompress.trainer.data.FashionMnistSets;
import netcompress.trainer.loss.KdMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a pipeline run depends on, one field per {@code pipeline} flag (same names, without the
 * dashes, camelCase). Saved as {@code config.json} in the run folder and accepted back by
 * {@code --config}, so a run can be repeated exactly. The defaults are the built-in run: a small
 * synthetic food-11 set at 32x32 that finishes in minutes on a 2-core CPU.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PipelineSettings(
        String data, double synthScale, long seed,
        String teacher, String teacherModel, int teacherEpochs,
        String student, int studentEpochs, String method, double alpha, double temperature,
        boolean pseudoLabels, String unlabeled, double threshold, String teacherTargets, Boolean baseline,
        long budget, String criterion, int finetuneEpochs,
        Integer size, int batch, double lr, String device, int workers) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static PipelineSettings defaults() {
        return new PipelineSettings(null, 0.3, 0,
                null, "vgg:2", 20,
                "vgg:1.25", 12, "kd", 0.5, 4.0,
                false, "auto", 0.9, null, null,
                100_000, "l1", 4,
                null, 32, 0.003, "auto", 2);
    }

    /**
     * The data folder every stage reads: the user's; the synthetic set the run generates inside itself;
     * or, for a folder of Fashion-MNIST's IDX files, the image folders the data stage lays them out as
     * inside the run (predict and evaluate read image files).
     */
    public Path dataRoot(Path runDir) {
        if (data == null) {
            return runDir.resolve("data").resolve("food-11");
        }
        return readsIdxFiles() ? runDir.resolve("data").resolve("fashion-mnist") : Path.of(data);
    }

    /** Whether --data is a folder of Fashion-MNIST's IDX files. */
    public boolean readsIdxFiles() {
        return data != null && FashionMnistSets.isRoot(Path.of(data));
    }

    /**
     * Input side: --size, else 32 on the built-in synthetic set (its classes differ in colour and layout, which survive 32 px),
     * else the data's own default (28 for Fashion-MNIST, as IDX files or PNGs; the assignment's 142 for photos).
     */
    public int inputSize() {
        return size != null ? size : data == null ? 32 : DataRoot.defaultSize(Path.of(data));
    }

    /** How the distill and fine-tune stages use unlabeled images: --unlabeled, with --pseudo-labels as its alias for pseudo. */
    public String unlabeledUse() {
        return pseudoLabels ? "pseudo" : unlabeled == null ? "auto" : unlabeled;
    }

    /**
     * Whether the run also trains the student without a teacher, so the report shows what distillation added:
     * --baseline, else on for the built-in demo and off on the user's data (it costs a training run).
     */
    public boolean trainsBaseline() {
        return baseline != null ? baseline : data == null;
    }

    public Map<String, Object> asMap() {
        return JSON.convertValue(this, LinkedHashMap.class);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** These settings with the fields present in {@code overrides} replaced (null values ignored). */
    public PipelineSettings with(Map<String, Object> overrides) {
        ObjectNode base = JSON.valueToTree(this);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (e.getValue() != null) {
                if (!base.has(e.getKey())) {
                    throw new BadInputException("unknown pipeline setting '" + e.getKey() + "'");
                }
                base.set(e.getKey(), JSON.valueToTree(e.getValue()));
            }
        }
        return fromTree(base, "settings");
    }

    /** Reads a config file (YAML or JSON; JSON is YAML too) over the defaults. */
    public static PipelineSettings load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such config file");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid YAML or JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new BadInputException(file + ": expected a mapping of settings");
        }
        ObjectNode base = JSON.valueToTree(defaults());
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!base.has(e.getKey())) {
                throw new BadInputException(file + ": unknown setting '" + e.getKey() + "' (settings are the pipeline flags, e.g. studentEpochs)");
            }
            base.set(e.getKey(), e.getValue());
        }
        return fromTree(base, file.toString());
    }

    private static PipelineSettings fromTree(ObjectNode tree, String source) {
        try {
            return JSON.treeToValue(tree, PipelineSettings.class).validated(source);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ": " + e.getOriginalMessage());
        }
    }

    private PipelineSettings validated(String source) {
        if (synthScale <= 0 || synthScale > 1) {
            throw new BadInputException(source + ": synthScale must be in (0, 1]");
        }
        if (budget <= 0 || teacherEpochs < 0 || studentEpochs <= 0 || finetuneEpochs < 0 || batch <= 0 || workers <= 0 || !(lr > 0)) {
            throw new BadInputException(source + ": budget, epochs, batch, workers and lr must be positive (teacherEpochs and finetuneEpochs may be 0)");
        }
        if (size != null && (size < 8 || size > 1024)) {
            throw new BadInputException(source + ": size must be in 8..1024");
        }
        if (KdMethod.of(method) == null) {
            throw new BadInputException(source + ": method must be kd or dkd, got " + method);
        }
        return this;
    }
}
