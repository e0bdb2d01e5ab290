package netcompress.jobs.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.errors.BudgetExceededException;
import netcompress.jobs.ArtifactWriter;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.ProvenanceStep;
import netcompress.pruner.Barrier;
import netcompress.pruner.ChannelPruner;
import netcompress.pruner.Criterion;
import netcompress.pruner.PruneOptions;
import netcompress.pruner.PruneResult;
import netcompress.pruner.PruneTable;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code netcompress prune} as a file-to-file job: read, prune (the pruner's pure transform), print the table, and
 * write the result through the {@link ArtifactWriter} (provenance, checker, ONNX Runtime, atomic write). Nothing is
 * written when any of that fails.
 */
public final class PruneJob {
    private static final ArtifactWriter.Maker MAKER = new ArtifactWriter.Maker("pruning", "the pruned model", "pruner");

    private PruneJob() {
    }

    /**
     * @param out where to write; may be null only with {@code dryRun}
     */
    public static PruneResult run(Path in, Path out, PruneOptions options, boolean dryRun, boolean force, PrintStream log) {
        if (!dryRun) {
            if (out == null) {
                throw new BadInputException("{out} is required (or pass {dryRun})");
            }
            ArtifactWriter.claim(out, force);
        }
        ModelProto model = OnnxModels.read(in);
        // hashing 45 MB (ResNet-18) in a JVM this young takes as long as the pruning: let the other core do it
        CompletableFuture<String> inputSha256 = dryRun ? null : CompletableFuture.supplyAsync(() -> ModelMetadata.sha256(model.toByteArray()));
        PruneResult result;
        try {
            result = ChannelPruner.prune(model, options);
        } catch (BudgetExceededException e) {
            throw new BudgetExceededException(in + ": " + e.template() + "; nothing written");
        } catch (BadInputException e) {
            throw new BadInputException(in + ": " + e.template(), e);
        }
        PruneTable.print(result, log);
        if (dryRun) {
            log.println("Dry run: nothing written.");
            return result;
        }
        ModelProto written = ArtifactWriter.write(result.model(), ProvenanceStep.of("prune", inputSha256.join(), provenance(in, options, result)),
                model, in, MAKER, out, force);
        log.printf("Wrote %s (%,d parameters; checked by the model checker and ONNX Runtime)%n", out, result.after().parameters());
        return new PruneResult(written, result.before(), result.after(), result.budget(), result.steps(), result.barriers(), result.notes(),
                result.budgetMacs());
    }

    private static Map<String, Object> provenance(Path in, PruneOptions o, PruneResult r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", in.getFileName().toString());
        if (r.budget() != Long.MAX_VALUE) {
            p.put("budget", r.budget());
        }
        if (r.budgetMacs() != null) {
            p.put("budgetMacs", r.budgetMacs());
        }
        if (o.ratio() != null) {
            p.put("ratio", o.ratio());
        }
        p.put("criterion", o.criterion().cliName());
        if (o.criterion() == Criterion.RANDOM) {
            p.put("seed", o.seed());
        }
        p.put("minChannels", o.minChannels());
        p.put("roundTo", o.roundTo());
        p.put("protect", o.protect());
        p.put("steps", r.steps().stream().map(s -> Map.of("budget", s.budget(), "before", s.parametersBefore(), "after", s.parametersAfter())).toList());
        p.put("parametersBefore", r.before().parameters());
        p.put("parametersAfter", r.after().parameters());
        p.put("macsBefore", r.before().macsPerImage());
        p.put("macsAfter", r.after().macsPerImage());
        p.put("channelGroupsRemoved", r.channelGroupsRemoved());
        p.put("barriers", r.barriers().stream().map(Barrier::toString).toList());
        return p;
    }
}
