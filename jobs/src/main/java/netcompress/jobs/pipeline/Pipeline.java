package netcompress.jobs.pipeline;

import netcompress.Provenance;
import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The assignment end to end: data, teacher, the student without a teacher (the demo's baseline), distilled student, pruning to the budget when needed,
 * fine-tuning, verification, validation, the submission and the report. Each stage's outputs are
 * written atomically and then recorded; a rerun skips recorded stages and resumes the interrupted one
 * from its checkpoint. Once a stage runs again, every later stage runs again too.
 */
public final class Pipeline {
    private static final List<Stage> STAGES = List.of(new DataStage(), new TeacherStage(), new SearchStage(), new BaselineStage(), new DistillStage(), new PruneStage(),
            new FinetuneStage(), new VerifyStage(), new EvaluateStage(), new PredictStage());

    private Pipeline() {
    }

    /** Runs or resumes the pipeline in {@code runDir}; returns the report's path. */
    public static Path run(Path runDir, PipelineSettings settings, boolean force, Consumer<String> log) {
        Path dir = runDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException(runDir + ": cannot create the run folder (" + e.getMessage() + ")");
        }
        Path config = dir.resolve("config.json");
        StageLedger ledger = new StageLedger(dir);
        if (Files.exists(config) && !force) {
            PipelineSettings earlier = PipelineSettings.load(config);
            if (!earlier.equals(settings)) {
                throw new BadInputException(runDir + " holds a run with other settings (" + differences(earlier, settings)
                        + "); pass {force} to start it over, or choose another {out}");
            }
        }
        if (force) {
            for (Stage s : STAGES) {
                ledger.forget(s.name());
            }
            deleteCheckpoints(dir);
        }
        AtomicFiles.writeString(config, true, settings.toJson());
        PipelineContext ctx = new PipelineContext(dir, settings, log);
        boolean rerunRest = false;
        for (Stage stage : STAGES) {
            Optional<StageRecord> done = ledger.finished(stage.name());
            if (done.isPresent() && !rerunRest) {
                ctx.finished(done.get());
                log.accept("stage " + stage.name() + ": done in an earlier run, kept");
                continue;
            }
            ledger.forget(stage.name());
            if (!stage.applies(ctx)) {
                log.accept("stage " + stage.name() + ": not needed");
                continue;
            }
            rerunRest = true;
            log.accept("stage " + stage.name() + ": running");
            long t0 = System.nanoTime();
            Stage.Result r;
            try {
                r = stage.run(ctx);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("stage " + stage.name() + " failed: " + e.getMessage(), e);
            }
            StageRecord rec = new StageRecord(stage.name(), Instant.now().toString(), (System.nanoTime() - t0) / 1e9, r.outputs(), r.metrics());
            ledger.record(rec);
            ctx.finished(rec);
        }
        Path report = dir.resolve("report.html");
        List<StageRecord> records = STAGES.stream().map(s -> ctx.record(s.name())).flatMap(Optional::stream).toList();
        try {
            AtomicFiles.writeString(report, true, HtmlReport.render(dir, summary(ctx), records, settings.asMap(), Provenance.environment()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the report: " + e.getMessage(), e);
        }
        log.accept(ctx.record("predict").isPresent() ? "wrote " + dir.resolve("predict.csv") + " and " + report
                : "wrote " + report + " (the data has no test split: no submission)");
        return report;
    }

    private static List<Map.Entry<String, Object>> summary(PipelineContext ctx) {
        List<Map.Entry<String, Object>> s = new ArrayList<>();
        add(s, "Final model", ctx.metric("verify", "model"));
        add(s, "Final parameter count", ctx.metric("verify", "parameters"));
        add(s, "Budget", ctx.metric("verify", "budget"));
        add(s, "Teacher validation accuracy", ctx.metric("teacher", "validation accuracy"));
        add(s, "Student without teacher validation accuracy", ctx.metric("baseline", "validation accuracy"));
        Object use = ctx.metric("distill", "unlabeled images");
        add(s, "Distilled student validation accuracy" + (use == null ? "" : " (unlabeled images: " + use + ")"),
                ctx.metric("distill", "validation accuracy"));
        add(s, "Student parameters before pruning", ctx.metric("distill", "parameters"));
        add(s, "Pruned to", ctx.metric("prune", "parameters after"));
        add(s, "Fine-tuned validation accuracy", ctx.metric("finetune", "validation accuracy"));
        add(s, "Final validation accuracy (ONNX Runtime)", ctx.metric("evaluate", "validation accuracy"));
        add(s, "Majority-class guess", ctx.metric("evaluate", "majority-class accuracy"));
        add(s, "Test accuracy (labels file)", ctx.metric("predict", "test accuracy (labels file)"));
        add(s, "Submission", ctx.metric("predict", "submission"));
        return s;
    }

    private static void add(List<Map.Entry<String, Object>> s, String key, Object v) {
        if (v != null) {
            s.add(new AbstractMap.SimpleEntry<>(key, v));
        }
    }

    private static String differences(PipelineSettings a, PipelineSettings b) {
        List<String> d = new ArrayList<>();
        Map<String, Object> ma = a.asMap();
        Map<String, Object> mb = b.asMap();
        for (Iterator<String> it = ma.keySet().iterator(); it.hasNext(); ) {
            String k = it.next();
            if (!Objects.equals(ma.get(k), mb.get(k))) {
                d.add(k + ": " + ma.get(k) + " -> " + mb.get(k));
            }
        }
        return String.join(", ", d);
    }

    private static void deleteCheckpoints(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".ckpt")).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear checkpoints in " + dir, e);
        }
    }

}
