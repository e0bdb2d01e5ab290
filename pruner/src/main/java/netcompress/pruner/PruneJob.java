package netcompress.pruner;

import netcompress.runtime.session.RuntimeCheck;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.Provenance;
import netcompress.errors.BadInputException;
import netcompress.errors.BudgetExceededException;
import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;
import netcompress.io.AtomicFiles;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.shape.ShapeInference;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code netcompress prune} as a file-to-file job: read, prune, print the table, check the result
 * (the onnx-tools checker, then a run in ONNX Runtime), record what was done in the model's
 * provenance and write it atomically. Nothing is written when any of that fails.
 */
public final class PruneJob {
    private PruneJob() {
    }

    /**
     * @param out where to write; may be null only with {@code dryRun}
     */
    public static PruneResult run(Path in, Path out, PruneOptions options, boolean dryRun, boolean force, PrintStream log) {
        if (!dryRun) {
            if (out == null) {
                throw new BadInputException("--out is required (or pass --dry-run)");
            }
            AtomicFiles.checkWritable(out, force);
        }
        if (!dryRun) {
            RuntimeCheck.warmUp(); // ready by the time the pruned model is checked
        }
        ModelProto model = OnnxModels.read(in);
        // hashing 45 MB (ResNet-18) in a JVM this young takes as long as the pruning: let the other core do it
        java.util.concurrent.CompletableFuture<String> inputSha256 = dryRun ? null
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> ModelMetadata.sha256(model.toByteArray()));
        PruneResult result;
        try {
            result = ChannelPruner.prune(model, options);
        } catch (BudgetExceededException e) {
            throw new BudgetExceededException(in + ": " + e.getMessage() + "; nothing written");
        } catch (BadInputException e) {
            throw new BadInputException(in + ": " + e.getMessage(), e);
        }
        PruneTable.print(result, log);
        if (dryRun) {
            log.println("Dry run: nothing written.");
            return result;
        }
        ModelProto stamped = ModelMetadata.withProvenanceStepOfDigest(result.model(), "prune", inputSha256.join(), provenance(in, options, result));
        verify(stamped, model, in);
        OnnxModels.write(stamped, out, force);
        log.printf("Wrote %s (%,d parameters; checked by the model checker and ONNX Runtime)%n", out, result.after().parameters());
        return new PruneResult(stamped, result.before(), result.after(), result.budget(), result.steps(), result.barriers(), result.notes(),
                result.budgetMacs());
    }

    /**
     * The checker (lenient: ops it cannot infer are left to ONNX Runtime, as the pruner left their
     * channels alone) and ONNX Runtime must accept the pruned model. When they do not, the input is
     * checked the same way: if it fails too, the fault is the input's (exit 2); if not, ours (exit 3).
     * The input is only run on this failure path, which keeps the usual run fast.
     */
    private static void verify(ModelProto pruned, ModelProto input, Path in) {
        List<String> problems = ModelChecker.problems(pruned, ShapeInference.Mode.LENIENT);
        if (!problems.isEmpty()) {
            List<String> own = ModelChecker.problems(input, ShapeInference.Mode.LENIENT);
            if (!own.isEmpty()) {
                throw new BadInputException(in + " fails the model check: " + String.join("; ", own));
            }
            throw new NetcompressException(ExitCode.INTERNAL, "pruning " + in + " produced an invalid graph (a pruner bug): " + String.join("; ", problems));
        }
        String failure = RuntimeCheck.problem(pruned);
        if (failure != null) {
            String own = RuntimeCheck.problem(input);
            if (own != null) {
                throw new BadInputException(in + ": " + own);
            }
            throw new NetcompressException(ExitCode.INTERNAL, "the pruned model of " + in + " fails where the input runs (a pruner bug): " + failure);
        }
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
        p.put("environment", Provenance.environment());
        return p;
    }
}
