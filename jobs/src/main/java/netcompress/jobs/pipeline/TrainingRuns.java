package netcompress.jobs.pipeline;

import netcompress.jobs.ArtifactWriter;
import netcompress.jobs.train.JobOptions;
import netcompress.jobs.train.JobResult;
import netcompress.jobs.train.TrainingJob;
import netcompress.trainer.loop.TrainingLoop;
import netcompress.trainer.loss.KdMethod;
import netcompress.trainer.teacher.TeacherPrecision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The pipeline's training runs: the trainer's job with this run's settings, resumed from its checkpoint after a kill. */
final class TrainingRuns {
    private TrainingRuns() {
    }

    static JobOptions options(PipelineContext ctx, String model, Path init, Path teacher, Path out, int epochs) {
        PipelineSettings s = ctx.settings();
        // a checkpoint beside the output means an earlier attempt of this stage was killed: continue it
        boolean resume = Files.isRegularFile(TrainingLoop.Outputs.beside(out).checkpoint());
        return new JobOptions(model, init, ctx.dataRoot(), out, epochs, s.batch(), s.inputSize(), s.lr(), null, "adam", 1, 0.01, s.seed(),
                s.workers(), null, s.device(), resume, true, teacher == null ? List.of() : List.of(teacher), KdMethod.of(s.method()), s.alpha(),
                s.temperature(), 1, 8, teacher == null ? "none" : s.unlabeledUse(), s.threshold(), 0, true, TeacherPrecision.FP32, null,
                s.teacherTargets(), null);
    }

    /** Runs a training job and returns the figures the report shows for it. */
    static Stage.Result train(PipelineContext ctx, JobOptions o) {
        if (o.resume()) {
            ctx.log("resuming from " + TrainingLoop.Outputs.beside(o.out()).checkpoint());
        }
        JobResult r = TrainingJob.run(o, ctx::log, ArtifactWriter.forTraining(o.init()));
        TrainingLoop.Outputs outs = TrainingLoop.Outputs.beside(o.out());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", ctx.runDir().relativize(o.out().toAbsolutePath()).toString());
        m.put("architecture", o.init() != null ? o.init().getFileName().toString() : o.model());
        m.put("parameters", r.parameters());
        m.put("validation accuracy", r.bestValAcc());
        m.put("best epoch", r.bestEpoch());
        m.put("epochs", o.epochs());
        m.put("training images", r.trainImages());
        m.put("training images/s", r.seconds() > 0 ? (double) r.trainImages() * o.epochs() / r.seconds() : 0.0);
        if (!o.teachers().isEmpty()) {
            m.put("teacher", ctx.runDir().toAbsolutePath().relativize(o.teachers().get(0).toAbsolutePath()).toString());
            m.put("loss", String.format(Locale.ROOT, "%s alpha=%.2f T=%.1f", o.method(), o.alpha(), o.temperature()));
            m.put("unlabeled images", r.unlabeledUse());
        }
        m.put("images", Map.of("Learning curve: " + o.out().getFileName(), ctx.runDir().relativize(outs.png().toAbsolutePath()).toString()));
        String rel = ctx.runDir().relativize(o.out().toAbsolutePath()).toString();
        return new Stage.Result(List.of(rel, ctx.runDir().relativize(outs.csv().toAbsolutePath()).toString(),
                ctx.runDir().relativize(outs.png().toAbsolutePath()).toString()), m);
    }
}
