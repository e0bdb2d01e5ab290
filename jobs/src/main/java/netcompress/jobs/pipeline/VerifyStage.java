package netcompress.jobs.pipeline;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BudgetExceededException;
import netcompress.jobs.ArtifactWriter;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.ProvenanceStep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Picks the final model (fine-tuned, else pruned, else the student), checks it and its count, writes final.onnx. */
final class VerifyStage implements Stage {
    @Override
    public String name() {
        return "verify";
    }

    private static final ArtifactWriter.Maker FINAL = new ArtifactWriter.Maker("finishing", "the final model", "pipeline");

    @Override
    public Result run(PipelineContext ctx) {
        String from = ctx.record("finetune").isPresent() ? "finetune" : ctx.record("prune").isPresent() ? "prune" : "distill";
        Path source = ctx.file(String.valueOf(ctx.metric(from, "model")));
        ModelProto m = OnnxModels.read(source);
        ModelChecker.requireValid(m, source.toString());
        ParameterReport r = ParameterCount.of(m);
        long budget = ctx.settings().budget();
        if (r.parameters() > budget) {
            throw new BudgetExceededException(String.format("%s has %,d parameters, over the budget of %,d", source, r.parameters(), budget));
        }
        ArtifactWriter.write(m, ProvenanceStep.of("pipeline", ModelMetadata.sha256(m.toByteArray()), ctx.settings().asMap()), m, source, FINAL,
                ctx.file("final.onnx"), true);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", "final.onnx");
        metrics.put("from stage", from);
        metrics.put("parameters", r.parameters());
        metrics.put("budget", budget);
        metrics.put("within budget", "yes (" + String.format("%,d", budget - r.parameters()) + " to spare)");
        metrics.put("MACs per image", r.macsPerImage());
        return new Result(List.of("final.onnx"), metrics);
    }
}
