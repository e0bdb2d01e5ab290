package netcompress.trainer.loop;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.trainer.data.Augmentation;
import netcompress.trainer.data.Batches;
import netcompress.trainer.data.ImageSet;
import netcompress.trainer.data.TrainingBatch;
import netcompress.trainer.engine.NativeMemory;
import netcompress.trainer.export.ArtifactSink;
import netcompress.trainer.export.ModelExport;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.loss.Objective;
import netcompress.trainer.teacher.CachedTargets;
import netcompress.trainer.teacher.SoftTargets;
import netcompress.trainer.teacher.Teacher;
import netcompress.trainer.teacher.TeacherAhead;
import netcompress.trainer.teacher.TeacherTargets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Epochs of training with validation after each: per-epoch CSV and learning-curve PNG, an atomic
 * checkpoint, and the best-on-validation model exported with its metadata. Data order, augmentation
 * and dropout are seeded per epoch, and the checkpoint carries the optimizer state, so a run resumed
 * after a kill reproduces the uninterrupted run (on CPU; tested).
 */
public final class TrainingLoop {
    /** Epochs whose loss diverged that start again (each at half the learning rate) before the run gives up. */
    static final int MAX_RESTARTS = 3;

    /** Where a run writes. */
    public record Outputs(Path model, Path checkpoint, Path csv, Path png) {
        public static Outputs beside(Path model) {
            String name = model.getFileName().toString();
            String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
            Path dir = model.toAbsolutePath().getParent();
            return new Outputs(model, dir.resolve(stem + ".ckpt"), dir.resolve(stem + ".csv"), dir.resolve(stem + ".png"));
        }
    }

    public record Result(double bestValAcc, int bestEpoch, History history, ModelProto best) {
    }

    private final TrainConfig cfg;
    private final Objective objective;
    private final Teacher teacher;
    private final PreprocessSpec spec;
    private final String step;
    private final Map<String, Object> details;
    private final Consumer<String> log;
    private final TeacherTargets targets;
    private ArtifactSink sink = ArtifactSink.unchecked();

    /**
     * @param step    the provenance step name ("train", "distill")
     * @param details provenance details (inputs, settings) stamped into the exported model
     */
    public TrainingLoop(TrainConfig cfg, Objective objective, Teacher teacher, PreprocessSpec spec, String step, Map<String, Object> details,
                        Consumer<String> log) {
        this(cfg, objective, teacher, TeacherTargets.LIVE, spec, step, details, log);
    }

    /** @param targets where the teacher's logits come from: live on each batch, or computed once ({@link TeacherTargets}) */
    public TrainingLoop(TrainConfig cfg, Objective objective, Teacher teacher, TeacherTargets targets, PreprocessSpec spec, String step,
                        Map<String, Object> details, Consumer<String> log) {
        if (objective.needsTeacher() && teacher == null) {
            throw new BadInputException(objective.describe() + " needs a teacher");
        }
        this.cfg = cfg;
        this.objective = objective;
        this.teacher = teacher;
        this.spec = spec;
        this.step = step;
        this.details = details;
        this.log = log;
        this.targets = targets;
    }

    /** Where the best model of each improving epoch is written (default: {@link ArtifactSink#unchecked()}). */
    public TrainingLoop writingThrough(ArtifactSink sink) {
        this.sink = sink;
        return this;
    }

    public Result run(ModelProto initial, ImageSet train, ImageSet val, float[] mean, float[] std, Outputs out, Checkpoint resume, Device device) {
        return run(initial, train, val, mean, std, out, resume, device, cfg.epochs());
    }

    /** As {@link #run}, but stops after epoch {@code stopAfter} as a kill would (the schedule still spans all epochs). */
    public Result run(ModelProto initial, ImageSet train, ImageSet val, float[] mean, float[] std, Outputs out, Checkpoint resume, Device device,
                      int stopAfter) {
        Map<String, Object> settings = new LinkedHashMap<>(cfg.fingerprint());
        settings.put("objective", objective.describe());
        settings.put("trainImages", train.size());
        if (objective.needsTeacher() && !targets.live()) {
            settings.put("teacherTargets", targets.cliName());
        }
        int startEpoch = 0;
        double best = -1;
        int bestEpoch = 0;
        History history = new History();
        ModelProto model = initial;
        if (resume != null) {
            if (!resume.settings().equals(jsonRoundTrip(settings))) {
                throw new BadInputException(out.checkpoint() + ": made with other settings " + resume.settings()
                        + "; resume needs the same ones (this run: " + settings + ")");
            }
            startEpoch = resume.epochsDone();
            best = resume.bestValAcc();
            bestEpoch = resume.bestEpoch();
            history = History.fromArrays(resume.history());
            model = resume.model();
            log.accept("resuming after epoch " + startEpoch + " of " + cfg.epochs() + " from " + out.checkpoint());
        }
        ModelProto bestModel = null;
        try (NDManager root = NDManager.newBaseManager(device);
             OnnxBlock block = OnnxBlock.of(model, root, device);
             Optimizer opt = new Optimizer(cfg.optimizer(), cfg.weightDecay(), root);
             Batches batches = new Batches(train, cfg.batch(), cfg.augmentation(), mean, std, cfg.workers());
             Batches valBatches = new Batches(val, Math.max(cfg.batch(), 64), Augmentation.NONE, mean, std, cfg.workers());
             SoftTargets pipeline = !objective.needsTeacher() ? null : targets.live() ? new TeacherAhead(teacher)
                     : CachedTargets.compute(teacher, targets, train, cfg.augmentation(), mean, std, cfg.seed(), Math.max(cfg.batch(), 64),
                             cfg.workers(), log)) {
            if (resume != null) {
                opt.importState(resume.optimizerSteps(), resume.optimizerState(), block.parametersByName());
            }
            int n = train.size();
            long perEpoch = n / cfg.batch() + (n % cfg.batch() > 1 ? 1 : 0);
            long total = perEpoch * cfg.epochs();
            LrSchedule schedule = new LrSchedule(cfg.lr(), Math.round(cfg.warmupEpochs() * perEpoch), total, cfg.minLrFraction());
            TrainStep trainStep = new TrainStep(block, teacher, objective, opt, root);
            boolean terminal = System.console() != null;
            float lrScale = 1;
            int restarts = 0;
            for (int epoch = startEpoch + 1; epoch <= Math.min(stopAfter, cfg.epochs()); epoch++) {
                EpochStart epochStart = EpochStart.of(block, opt);
                Engine.getInstance().setRandomSeed((int) (cfg.seed() * 1_000_003L + epoch));
                long t0 = System.nanoTime();
                double lossSum = 0;
                long correct = 0;
                int seen = 0;
                int labeledSeen = 0; // unlabeled images (label -1) train but have no accuracy
                long stepIndex = (epoch - 1) * perEpoch;
                float lr = 0;
                int augEpoch = pipeline != null ? pipeline.augmentationEpoch(epoch) : epoch;
                Iterator<TrainingBatch> source = batches.over(Batches.shuffled(n, cfg.seed(), epoch), cfg.seed(), augEpoch, true);
                Iterator<TeacherAhead.Prepared> it = pipeline != null ? pipeline.over(source, epoch, train.channels(), train.height(), train.width())
                        : new Iterator<>() {
                            public boolean hasNext() {
                                return source.hasNext();
                            }

                            public TeacherAhead.Prepared next() {
                                return new TeacherAhead.Prepared(source.next(), null);
                            }
                        };
                int b = 0;
                String diverged = null;
                while (it.hasNext()) {
                    TeacherAhead.Prepared prepared = it.next();
                    try (TrainingBatch batch = prepared.batch()) {
                        if (diverged != null) {
                            continue; // the epoch starts again: its remaining batches are only drained
                        }
                        lr = schedule.at(stepIndex) * lrScale;
                        TrainStep.Result r;
                        try {
                            r = trainStep.run(batch.bytes(batches.imageFloats()), batch.labels(), train.channels(), train.height(),
                                    train.width(), lr, (double) stepIndex / total, pipeline != null ? prepared.logits() : null);
                        } catch (TrainingDiverged d) {
                            if (pipeline != null && !allFinite(prepared.logits())) {
                                throw new NumericsFault(String.format(Locale.ROOT, "the teacher's logits for batch %d of epoch %d are not finite",
                                        b + 1, epoch));
                            }
                            if (b == 0) {
                                throw new NumericsFault(String.format(Locale.ROOT, "the loss of the first batch of epoch %d is %s, computed from the "
                                        + "weights the epoch began with before any step", epoch, d.loss()));
                            }
                            if (++restarts > MAX_RESTARTS) {
                                throw new TrainingDiverged(d.loss(), "the loss became " + d.loss() + " in epoch " + epoch + " after " + MAX_RESTARTS
                                        + " restarts of diverging epochs, each at half the learning rate; lower {lr} (training diverged)");
                            }
                            diverged = String.format(Locale.ROOT, "the loss of batch %d of epoch %d was not finite", b + 1, epoch);
                            continue;
                        }
                        lossSum += r.lossSum();
                        correct += r.correct();
                        seen += batch.size();
                        for (int label : batch.labels()) {
                            labeledSeen += label >= 0 ? 1 : 0;
                        }
                    }
                    stepIndex++;
                    b++;
                    if (terminal && (b % 10 == 0 || !it.hasNext())) {
                        System.err.printf(Locale.ROOT, "\repoch %d/%d  %d/%d batches  loss %.4f", epoch, cfg.epochs(), b, perEpoch, lossSum / seen);
                    } else if (!terminal && perEpoch >= 20 && b % (perEpoch / 10) == 0 && it.hasNext()) {
                        log.accept(String.format(Locale.ROOT, "  epoch %d: %d/%d batches, loss %.4f, %.0f img/s", epoch, b, perEpoch, lossSum / seen,
                                seen / ((System.nanoTime() - t0) / 1e9)));
                    }
                }
                if (terminal) {
                    System.err.print("\r");
                }
                if (diverged != null) {
                    // that step was not applied; the epoch starts again from its first batch, more gently
                    epochStart.restore(block, opt);
                    lrScale /= 2;
                    log.accept(String.format(Locale.ROOT, "note: %s; epoch %d starts again with the learning rate x%s for the rest of the run "
                            + "(restart %d of at most %d)", diverged, epoch, lrScale, restarts, MAX_RESTARTS));
                    epoch--;
                    continue;
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                EvalPass.Score score = EvalPass.evaluate(block, val, valBatches, root);
                if (!Double.isFinite(score.loss())) {
                    throw new NumericsFault(String.format(Locale.ROOT, "the validation loss after epoch %d is %s although every training step's "
                            + "loss was finite", epoch, score.loss()));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                NativeMemory.release();
                double[] mem = History.memoryMb();
                History.Row row = new History.Row(epoch, lr, lossSum / seen, (double) correct / Math.max(1, labeledSeen), score.loss(), score.accuracy(), seconds,
                        seen / trainSeconds, mem[0], mem[1]);
                history.add(row);
                boolean improved = score.accuracy() > best;
                if (improved) {
                    best = score.accuracy();
                    bestEpoch = epoch;
                    Map<String, Object> d = new LinkedHashMap<>(details);
                    d.put("epoch", epoch);
                    d.put("validationAccuracy", score.accuracy());
                    bestModel = sink.write(ModelExport.describe(block.toModel(), spec, train.classNames()), ModelExport.step(step, initial, d),
                            initial, out.model());
                }
                AtomicFiles.writeString(out.csv(), true, history.toCsv());
                AtomicFiles.write(out.png(), true, LearningCurve.png(history, step + " " + objective.describe()));
                new Checkpoint(epoch, opt.steps(), best, bestEpoch, settings, history.toArrays(), block.toModel(), opt.exportState())
                        .write(out.checkpoint());
                log.accept(String.format(Locale.ROOT,
                        "epoch %d/%d  lr %.2e  train loss %.4f acc %.2f%%  val loss %.4f acc %.2f%%%s  %.0f img/s  %.0fs  rss %.0f MB (peak %.0f)",
                        epoch, cfg.epochs(), lr, row.trainLoss(), 100 * row.trainAcc(), row.valLoss(), 100 * row.valAcc(),
                        improved ? " *" : "", row.imagesPerSecond(), seconds, mem[0], mem[1]));
            }
        }
        return new Result(best, bestEpoch, history, bestModel);
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> jsonRoundTrip(Map<String, Object> m) {
        try {
            ObjectMapper json = new ObjectMapper();
            return json.readValue(json.writeValueAsBytes(m), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
