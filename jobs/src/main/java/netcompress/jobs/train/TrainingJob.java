package netcompress.jobs.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.shape.ShapeInference;
import netcompress.runtime.predict.Predictions;
import netcompress.trainer.Devices;
import netcompress.trainer.data.Augmentation;
import netcompress.trainer.data.DataRoot;
import netcompress.trainer.data.ImageSet;
import netcompress.trainer.data.UnlabeledUse;
import netcompress.trainer.engine.TorchEngine;
import netcompress.trainer.export.ArtifactSink;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.loop.Checkpoint;
import netcompress.trainer.loop.EvalPass;
import netcompress.trainer.loop.Optimizer;
import netcompress.trainer.loop.TrainConfig;
import netcompress.trainer.loop.TrainingLoop;
import netcompress.trainer.loss.CrossEntropy;
import netcompress.trainer.loss.DecoupledKd;
import netcompress.trainer.loss.HintonKd;
import netcompress.trainer.loss.KdMethod;
import netcompress.trainer.loss.Objective;
import netcompress.trainer.teacher.EnsembleTeacher;
import netcompress.trainer.teacher.OrtTeacher;
import netcompress.trainer.teacher.Teacher;
import netcompress.trainer.teacher.TeacherPrecision;
import netcompress.trainer.teacher.TeacherQuantization;
import netcompress.trainer.teacher.TeacherTargets;
import netcompress.trainer.zoo.ModelZoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/** {@code train} and {@code distill} end to end: data, student, teacher, pseudo-labels, the loop, the test report. */
public final class TrainingJob {
    private TrainingJob() {
    }

    /** As {@link #run(JobOptions, Consumer, ArtifactSink)}, writing the exports unchecked (the trainer's own tests). */
    public static JobResult run(JobOptions o, Consumer<String> log) {
        return run(o, log, ArtifactSink.unchecked());
    }

    /** Trains as {@code o} says; each improving epoch's best model is written through {@code sink}. */
    public static JobResult run(JobOptions o, Consumer<String> log, ArtifactSink sink) {
        long t0 = System.nanoTime();
        boolean distill = !o.teachers().isEmpty();
        TrainingLoop.Outputs outputs = TrainingLoop.Outputs.beside(o.out());
        Checkpoint resume = null;
        if (o.resume()) {
            if (!Files.isRegularFile(outputs.checkpoint())) {
                throw new BadInputException("{resume}: no checkpoint " + outputs.checkpoint() + " (it is written after each epoch)");
            }
            resume = Checkpoint.read(outputs.checkpoint());
        } else if (!o.force()) {
            for (var p : List.of(outputs.model(), outputs.checkpoint())) {
                AtomicFiles.checkWritable(p, false);
            }
        }
        ModelProto initModel = o.init() != null ? OnnxModels.read(o.init()) : null;
        int initSide = initModel != null ? ShapeInference.squareInputSide(initModel) : 0;
        int size = o.size() != null ? o.size() : initSide > 0 ? initSide : DataRoot.defaultSize(o.data());
        int channels = DataRoot.channels(o.data());
        TorchEngine.prepare(log);
        Device device = Devices.pick(o.device());
        DataRoot.Splits splits = DataRoot.open(o.data(), size, o.workers());
        ImageSet train = o.trainShare() != null ? splits.train().sample(o.trainShare(), o.seed()) : splits.train();
        int classes = train.classNames().size();
        UnlabeledUse unlabeled = UnlabeledUse.resolve(o.unlabeled(), distill, splits.unlabeled() != null, o.method() == KdMethod.DKD);
        TeacherTargets targets = TeacherTargets.parse(o.teacherTargets());
        log.accept(String.format(Locale.ROOT, "data %s (%s): %d training, %d validation images, %d classes, %dx%d, device %s",
                o.data(), splits.layout(), train.size(), splits.validation().size(), classes, size, size, device));

        ModelProto initial;
        String source;
        if (o.init() != null) {
            initial = initModel;
            source = o.init().toString();
            checkCompatible(initial, source, channels, classes, size);
        } else {
            source = o.model();
            initial = ModelZoo.build(o.model(), channels, classes, size, o.seed());
        }
        long params = ParameterCount.of(initial).parameters();
        log.accept(String.format(Locale.ROOT, "%s %s: %,d parameters", distill ? "student" : "model", source, params));

        Optimizer.Kind kind = Optimizer.kind(o.optimizer());
        Augmentation aug = o.augment() != null ? Augmentation.named(o.augment()) : Augmentation.defaultFor(train);
        log.accept("augmentation " + (o.augment() != null ? aug.label() + " ({augment})" : Augmentation.describeDefault(train)));
        TrainConfig cfg = new TrainConfig(o.epochs(), o.batch(), o.lr(), o.weightDecay() != null ? o.weightDecay() : Optimizer.defaultWeightDecay(kind),
                kind, o.warmupEpochs(), o.minLrFraction(), o.seed(), o.workers(), aug);
        PreprocessSpec spec = new PreprocessSpec(size, size, PreprocessSpec.STRETCH, splits.mean(), splits.std(), channels);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", source);
        details.put("data", o.data().toAbsolutePath().toString());
        details.putAll(cfg.fingerprint());
        details.put("engine", TorchEngine.current().key());
        if (o.trainShare() != null) {
            details.put("trainShare", o.trainShare());
        }
        Teacher teacher = null;
        try {
            Objective objective = new CrossEntropy();
            if (distill) {
                teacher = openTeachers(o, train, aug, splits, spec, channels, classes, size, details, log);
                objective = switch (o.method()) {
                    case KD -> new HintonKd(o.alpha(), o.temperature());
                    case DKD -> new DecoupledKd(o.dkdAlpha(), o.dkdBeta(), o.temperature(), 0.1);
                };
                details.put("objective", objective.describe());
                details.put("teacherTargets", targets.cliName());
                if (unlabeled != UnlabeledUse.NONE) {
                    if (unlabeled.keepsUnlabeledImages() && o.method() == KdMethod.DKD) {
                        throw new BadInputException("{method} dkd needs a label for every image; use {unlabeled} pseudo or none with it");
                    }
                    train = withUnlabeled(train, splits, teacher, unlabeled, o, spec, log);
                    details.put("unlabeled", unlabeled.cliName());
                    if (unlabeled.needsPseudoLabels()) {
                        details.put("pseudoLabelThreshold", o.threshold());
                    }
                    details.put("trainImagesWithUnlabeled", train.size());
                }
            }
            // a run from --init continues a model's history (typically fine-tuning a pruned one): named so, not "distill" again
            String step = o.init() != null ? "finetune" : distill ? "distill" : "train";
            TrainingLoop loop = new TrainingLoop(cfg, objective, teacher, targets, spec, step, details, log).writingThrough(sink);
            TrainingLoop.Result r = loop.run(initial, train, splits.validation(), splits.mean(), splits.std(), outputs, resume, device);
            log.accept(String.format(Locale.ROOT, "best validation accuracy %.2f%% at epoch %d -> %s (curve %s, log %s)",
                    100 * r.bestValAcc(), r.bestEpoch(), outputs.model(), outputs.png(), outputs.csv()));
            double testAcc = Double.NaN;
            if (o.testReport() && splits.test() != null) {
                ImageSet test = splits.test().get();
                ModelProto best = OnnxModels.read(outputs.model());
                try (NDManager m = NDManager.newBaseManager(device); OnnxBlock block = OnnxBlock.of(best, m, device)) {
                    testAcc = EvalPass.evaluate(block, test, 256, splits.mean(), splits.std(), o.workers(), m).accuracy();
                }
                log.accept(String.format(Locale.ROOT, "test accuracy of the best-on-validation model: %.2f%% (%d images)", 100 * testAcc, test.size()));
            }
            return new JobResult(r.bestValAcc(), r.bestEpoch(), testAcc, train.size(), params, (System.nanoTime() - t0) / 1e9,
                    unlabeled.cliName());
        } finally {
            if (teacher != null) {
                teacher.close();
            }
        }
    }

    /** The teachers (several: an ensemble averaging their logits), int8 copies when asked; what was used goes into {@code details}. */
    private static Teacher openTeachers(JobOptions o, ImageSet train, Augmentation aug, DataRoot.Splits splits, PreprocessSpec spec,
                                        int channels, int classes, int size, Map<String, Object> details, Consumer<String> log) {
        // the teacher runs beside the student step (TeacherAhead): by default it gets half the cores
        int threads = o.teacherThreads() > 0 ? o.teacherThreads() : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        List<Teacher> members = new ArrayList<>();
        List<Object> provenance = new ArrayList<>();
        try {
            for (Path file : o.teachers()) {
                ModelProto t = OnnxModels.read(file);
                checkCompatible(t, file.toString(), channels, classes, size);
                ModelMetadata.preprocess(t).ifPresent(ts -> {
                    if (!Arrays.equals(ts.mean(), spec.mean()) || !Arrays.equals(ts.std(), spec.std())) {
                        log.accept("warning: " + file + " was made with preprocessing " + ts + ", the student gets " + spec
                                + "; the teacher sees the student's input");
                    }
                });
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("file", file.toAbsolutePath().toString());
                p.put("precision", o.teacherPrecision().cliName());
                if (o.teacherPrecision() == TeacherPrecision.INT8) {
                    TeacherQuantization.Quantized q = TeacherQuantization.int8(t, file.toString(), train, aug, splits.mean(), splits.std(),
                            o.workers(), o.seed(), threads);
                    log.accept(file + ": " + q.describe());
                    t = q.model();
                    p.put("int8Top1Agreement", q.top1Agreement());
                    p.put("int8MaxLogitDiff", q.maxLogitDiff());
                }
                members.add(new OrtTeacher(t, file.toString(), threads));
                provenance.add(p);
            }
        } catch (RuntimeException e) {
            members.forEach(Teacher::close);
            throw e;
        }
        details.put("teacher", provenance.size() == 1 ? provenance.get(0) : provenance);
        return members.size() == 1 ? members.get(0) : new EnsembleTeacher(members);
    }

    /**
     * The training set with the unlabeled images as {@code use} says: confident pseudo-labeled ones
     * (pseudo), all of them without a label (soft), or all of them, the confident ones with their
     * pseudo-label (both); then the labeled images repeated to reach {@code --labeled-share}. The
     * resulting mix of every batch is logged. The test split is never among them.
     */
    private static ImageSet withUnlabeled(ImageSet train, DataRoot.Splits splits, Teacher teacher, UnlabeledUse use, JobOptions o,
                                          PreprocessSpec spec, Consumer<String> log) {
        if (splits.unlabeled() == null) {
            throw new BadInputException(o.data() + ": {unlabeled} " + use.cliName() + " needs unlabeled images (training/unlabeled in the "
                    + "assignment's layout, unlabeled/ beside train/ otherwise)");
        }
        ImageSet pool = o.trainShare() != null ? splits.unlabeled().get().sample(o.trainShare(), o.seed()) : splits.unlabeled().get();
        int[] labels = new int[pool.size()];
        Arrays.fill(labels, UnlabeledUse.NO_LABEL);
        if (use.needsPseudoLabels()) {
            int[] pseudo = pseudoLabels(pool, teacher, train.classNames().size(), o, spec);
            int confident = (int) Arrays.stream(pseudo).filter(l -> l >= 0).count();
            log.accept(String.format(Locale.ROOT, "pseudo-labels: %d of %d unlabeled images at confidence >= %.2f %s", confident, pool.size(),
                    o.threshold(), use == UnlabeledUse.PSEUDO ? "join the training set" : "get cross-entropy besides the soft term"));
            labels = pseudo;
        }
        // pseudo keeps only the confidently labeled images; soft and both keep every one
        int[] pseudo = labels;
        int[] keep = IntStream.range(0, pool.size()).filter(i -> use != UnlabeledUse.PSEUDO || pseudo[i] >= 0).toArray();
        ImageSet extra = pool.select(keep, Arrays.stream(keep).map(i -> pseudo[i]).toArray());
        ImageSet labeled = repeatedToShare(train, extra.size(), o.labeledShare());
        int soft = (int) Arrays.stream(extra.labels()).filter(l -> l == UnlabeledUse.NO_LABEL).count();
        ImageSet all = labeled.concat(extra);
        log.accept(String.format(Locale.ROOT, "unlabeled %s: batches mix %d labeled (%d distinct), %d pseudo-labeled and %d soft-target-only "
                        + "images: %.1f%% labeled on average ({labeledShare} sets it)", use.cliName(), labeled.size(), train.size(),
                extra.size() - soft, soft, 100.0 * labeled.size() / all.size()));
        return all;
    }

    /** The teacher's label of each image, or NO_LABEL below the confidence threshold. */
    private static int[] pseudoLabels(ImageSet pool, Teacher teacher, int k, JobOptions o, PreprocessSpec spec) {
        if (!(o.threshold() > 0 && o.threshold() <= 1)) {
            throw new BadInputException("{threshold} must be in (0, 1], got " + o.threshold());
        }
        int c = pool.channels();
        int h = pool.height();
        int w = pool.width();
        float[] probs = EvalPass.probabilities((buf, n) -> teacher.logits(buf, n, c, h, w), pool, 64, spec.mean(), spec.std(), o.workers());
        int[] labels = new int[pool.size()];
        for (int i = 0; i < pool.size(); i++) {
            int arg = Predictions.argmax(probs, i * k, k);
            labels[i] = probs[i * k + arg] >= o.threshold() ? arg : UnlabeledUse.NO_LABEL;
        }
        return labels;
    }

    /** The labeled set repeated in order (whole copies, then a prefix) so that it is {@code share} of itself plus {@code others}. */
    static ImageSet repeatedToShare(ImageSet labeled, int others, Double share) {
        if (share == null || others == 0) {
            return labeled;
        }
        if (!(share > 0 && share < 1)) {
            throw new BadInputException("{labeledShare} must be in (0, 1), got " + share);
        }
        long target = Math.round(share * others / (1 - share));
        if (target <= labeled.size()) {
            return labeled;
        }
        int[] idx = new int[(int) target];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i % labeled.size();
        }
        int[] l = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            l[i] = labeled.labels()[idx[i]];
        }
        return labeled.select(idx, l);
    }

    /** The graph must read {@code channels} x size x size images (or symbolic sizes) and produce {@code classes} logits. */
    static void checkCompatible(ModelProto m, String source, int channels, int classes, int size) {
        Map<String, long[]> shapes;
        try {
            shapes = ShapeInference.infer(m, 1);
        } catch (RuntimeException e) {
            throw new BadInputException(source + ": cannot infer shapes (" + e.getMessage() + ")");
        }
        var in = m.getGraph().getInput(0);
        long[] inShape = ShapeInference.inputShape(in, 1L);
        if (inShape.length != 4 || (inShape[1] > 0 && inShape[1] != channels)
                || (inShape[2] > 0 && inShape[2] != size) || (inShape[3] > 0 && inShape[3] != size)) {
            throw new BadInputException(source + ": input " + ShapeInference.format(inShape) + " does not take " + channels + "x" + size + "x" + size
                    + " images (set {size} to the model's input size)");
        }
        long[] out = shapes.get(m.getGraph().getOutput(0).getName());
        if (out == null || out[out.length - 1] != classes) {
            throw new BadInputException(source + ": produces " + (out == null ? "?" : ShapeInference.format(out)) + " outputs but the data has "
                    + classes + " classes");
        }
    }
}
