package netcompress.jobs;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;
import netcompress.io.AtomicFiles;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ProvenanceStep;
import netcompress.onnx.shape.ShapeInference;
import netcompress.runtime.session.RuntimeCheck;
import netcompress.trainer.export.ArtifactSink;

import java.nio.file.Path;
import java.util.List;

/**
 * The one way a job writes a model: its provenance step appended (environment and input digest included), the
 * model checker (lenient: ops it cannot infer are left to ONNX Runtime) and one run in ONNX Runtime, then an
 * atomic write. When a check fails, the input is checked the same way to say whose fault it is: the input's
 * (exit 2) or the job's (exit 3). Nothing is written when anything fails.
 */
public final class ArtifactWriter {
    /**
     * How a job names itself in the blame: {@code verb} "pruning", {@code product} "the pruned model",
     * {@code component} "pruner".
     */
    public record Maker(String verb, String product, String component) {
    }

    private static final Maker TRAINING = new Maker("training", "the trained model", "trainer");

    private ArtifactWriter() {
    }

    /**
     * Refuses an existing {@code out} without {@code force} before any work, and starts loading ONNX Runtime on
     * another thread, so it is ready when the result is checked.
     */
    public static void claim(Path out, boolean force) {
        AtomicFiles.checkWritable(out, force);
        RuntimeCheck.warmUp();
    }

    /**
     * Appends {@code step} to {@code result}'s provenance, checks it and writes it to {@code out}; returns what was
     * written. {@code input} is the model the job read from {@code inputFile}, checked only when the result fails
     * (null when there is none: a model built here).
     */
    public static ModelProto write(ModelProto result, ProvenanceStep step, ModelProto input, Path inputFile, Maker maker, Path out,
                                   boolean force) {
        ModelProto stamped = step.appendTo(result);
        verify(stamped, input, inputFile, maker);
        OnnxModels.write(stamped, out, force);
        return stamped;
    }

    /**
     * The trainer's exports, written the same way: the best model of each improving epoch is checked before it
     * replaces the last one. {@code initFile} is the graph training started from, or null for a zoo model.
     */
    public static ArtifactSink forTraining(Path initFile) {
        return (model, step, input, out) -> write(model, step, initFile == null ? null : input, initFile, TRAINING, out, true);
    }

    private static void verify(ModelProto result, ModelProto input, Path in, Maker maker) {
        List<String> problems = ModelChecker.problems(result, ShapeInference.Mode.LENIENT);
        if (!problems.isEmpty()) {
            List<String> own = input == null ? List.of() : ModelChecker.problems(input, ShapeInference.Mode.LENIENT);
            if (!own.isEmpty()) {
                throw new BadInputException(in + " fails the model check: " + String.join("; ", own));
            }
            throw new NetcompressException(ExitCode.INTERNAL, maker.verb() + " " + source(in) + " produced an invalid graph (a " + maker.component()
                    + " bug): " + String.join("; ", problems));
        }
        String failure = RuntimeCheck.problem(result);
        if (failure != null) {
            String own = input == null ? null : RuntimeCheck.problem(input);
            if (own != null) {
                throw new BadInputException(in + ": " + own);
            }
            throw new NetcompressException(ExitCode.INTERNAL, maker.product() + " of " + source(in) + " fails where the input runs (a "
                    + maker.component() + " bug): " + failure);
        }
    }

    private static String source(Path in) {
        return in == null ? "a zoo model" : in.toString();
    }
}
