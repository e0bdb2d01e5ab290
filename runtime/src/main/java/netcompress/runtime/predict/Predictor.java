package netcompress.runtime.predict;

import netcompress.errors.BadInputException;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.runtime.image.ImagePreprocessor;
import netcompress.runtime.loading.BadImage;
import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.loading.BatchLoader;
import netcompress.runtime.loading.DecodedBatch;
import netcompress.runtime.loading.ImageItem;
import netcompress.runtime.loading.SampleLoader;
import netcompress.runtime.model.ClassifierModel;
import netcompress.runtime.progress.Progress;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one model or an ensemble over a list of images: one decode per image, every member run on
 * every batch (and on its mirror image with flip TTA), logits averaged over members and views.
 */
public final class Predictor {
    /**
     * @param batch     images per batch; a model with a fixed batch size overrides it
     * @param decoders  decoder threads
     * @param flip      flip TTA: average with the left-right mirrored image
     */
    public record Options(int batch, int decoders, boolean flip, BadImagePolicy onBadImage) {
        public Options {
            if (batch < 1) {
                throw new BadInputException("{batch} must be at least 1, got " + batch);
            }
            if (decoders < 1) {
                throw new BadInputException("{decoders} must be at least 1, got " + decoders);
            }
        }
    }

    /** Images per decoder hand-off; the model still sees batches of {@link #batchSize()}. */
    static final int DECODE_CHUNK = 16;

    private final List<ClassifierModel> models;
    private final Options options;
    private final Progress progress;
    private final Consumer<String> warnings;
    private final PreprocessSpec spec;
    private final int batchSize;
    private boolean reducedDecode = true;
    private Runnable beforeEachBatch = () -> { };

    public Predictor(List<ClassifierModel> models, Options options, Progress progress, Consumer<String> warnings) {
        if (models.isEmpty()) {
            throw new BadInputException("no model given");
        }
        this.models = List.copyOf(models);
        this.options = options;
        this.progress = progress;
        this.warnings = warnings;
        this.spec = commonSpec(models);
        this.batchSize = batchSize(models, options.batch(), warnings);
    }

    /** For exact comparisons with a full-size PIL decode (benchmarks, parity tests). */
    public void setReducedDecode(boolean on) {
        this.reducedDecode = on;
    }

    /**
     * A check run before each batch; when it throws, the run stops there. A Spark task that was killed stops at its
     * next batch instead of running its whole range in native code while the driver shuts down.
     */
    public void setBeforeEachBatch(Runnable check) {
        this.beforeEachBatch = check;
    }

    public PreprocessSpec spec() {
        return spec;
    }

    public int batchSize() {
        return batchSize;
    }

    static PreprocessSpec commonSpec(List<ClassifierModel> models) {
        PreprocessSpec first = models.get(0).spec();
        for (ClassifierModel m : models) {
            if (!m.spec().equals(first)) {
                throw new BadInputException("ensemble members need the same preprocessing: " + models.get(0).path() + " uses " + first
                        + ", " + m.path() + " uses " + m.spec() + " (set {size}/{mean}/{std} to make them agree)");
            }
        }
        int classes = -1;
        for (ClassifierModel m : models) {
            int k = m.session().classes();
            if (k > 0 && classes > 0 && k != classes) {
                throw new BadInputException("ensemble members disagree on the number of classes: " + models.get(0).path() + " has "
                        + classes + ", " + m.path() + " has " + k);
            }
            classes = k > 0 ? k : classes;
        }
        return first;
    }

    static int batchSize(List<ClassifierModel> models, int requested, Consumer<String> warnings) {
        long fixed = -1;
        for (ClassifierModel m : models) {
            long b = m.session().input().batch();
            if (b > 0) {
                if (fixed > 0 && b != fixed) {
                    throw new BadInputException("ensemble members have different fixed batch sizes (" + fixed + " and " + b + " in "
                            + m.path() + "); re-export one with a dynamic batch dimension");
                }
                fixed = b;
            }
        }
        if (fixed > 0) {
            if (requested != fixed) {
                warnings.accept("note: the model takes batches of exactly " + fixed + "; using {batch} " + fixed);
            }
            return (int) fixed;
        }
        return requested;
    }

    /** Decodes and classifies image files. */
    public Predictions run(List<ImageItem> items) {
        ImagePreprocessor pre = new ImagePreprocessor(spec);
        pre.setReducedDecode(reducedDecode);
        pre.setWarnings(warnings);
        return run(items, SampleLoader.images(pre));
    }

    /** Classifies samples from any loader whose tensors match the models' input. */
    public Predictions run(List<ImageItem> items, SampleLoader loader) {
        if (loader.channels() != spec.channels() || loader.height() != spec.height() || loader.width() != spec.width()) {
            throw new BadInputException("samples are " + loader.channels() + "x" + loader.height() + "x" + loader.width()
                    + " but the model takes " + spec.channels() + "x" + spec.height() + "x" + spec.width());
        }
        // decoders work on chunks of several model batches so they stay ahead even when the model batch is tiny
        int chunk = batchSize * Math.max(1, (DECODE_CHUNK + batchSize - 1) / batchSize);
        BatchLoader pipeline = new BatchLoader(loader, chunk, options.decoders(), options.flip());
        int n = items.size();
        float[][] logits = new float[n][];
        List<BadImage> bad = new ArrayList<>();
        int[] classes = {-1};
        int[] done = {0};
        long[] inferNanos = {0};
        int views = options.flip() ? 2 : 1;
        float weight = 1f / (models.size() * views);
        long start = System.nanoTime();
        progress.update(0, n);
        pipeline.run(items, batch -> {
            beforeEachBatch.run();
            int count = batch.count();
            boolean anyGood = false;
            for (int s = 0; s < count; s++) {
                String reason = batch.badReason(s);
                if (reason != null) {
                    ImageItem it = batch.item(s);
                    bad.add(new BadImage(it.index(), it.path(), reason));
                    if (options.onBadImage() == BadImagePolicy.FAIL) {
                        throw new BadImagesException(firstBadImageMessage(it.path(), reason), bad);
                    }
                } else {
                    anyGood = true;
                }
            }
            // once an image is bad under the default policy nothing will be written: keep decoding to list
            // every bad file, but skip the inference
            boolean infer = anyGood && !(options.onBadImage() == BadImagePolicy.STOP && !bad.isEmpty());
            if (infer) {
                long t0 = System.nanoTime();
                float[][] sums = runModels(batch, count, weight, classes);
                inferNanos[0] += System.nanoTime() - t0;
                for (int s = 0; s < count; s++) {
                    if (batch.badReason(s) == null) {
                        logits[batch.start() + s] = sums[s];
                    }
                }
            }
            done[0] += count;
            progress.update(done[0], n);
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        RunStats stats = new RunStats(n, seconds, inferNanos[0] / 1e9, pipeline.waitNanos() / 1e9, models.get(0).session().device(),
                models.get(0).session().threads());
        if (!bad.isEmpty() && options.onBadImage() == BadImagePolicy.STOP) {
            throw new BadImagesException(badImagesMessage(bad, n), bad);
        }
        return new Predictions(items, logits, classes[0], List.copyOf(bad), stats);
    }

    private float[][] runModels(DecodedBatch batch, int count, float weight, int[] classes) {
        // a fixed-batch model always gets a full batch: the last one is padded with whatever the slots held
        boolean fixed = models.stream().anyMatch(m -> m.session().input().fixedBatch());
        int size = spec.channels() * spec.height() * spec.width();
        float[][] sums = new float[count][];
        for (int first = 0; first < count; first += batchSize) {
            int n = Math.min(batchSize, count - first);
            int runN = fixed ? batchSize : n;
            for (ClassifierModel m : models) {
                for (int v = 0; v < batch.viewCount(); v++) {
                    FloatBuffer view = batch.view(v).duplicate();
                    view.position(first * size);
                    float[] out = m.session().run(view.slice(), runN, spec.channels(), spec.height(), spec.width());
                    int k = out.length / runN;
                    if (classes[0] > 0 && k != classes[0]) {
                        throw new BadInputException("ensemble members disagree on the number of classes: " + m.path() + " gives " + k
                                + ", another gives " + classes[0]);
                    }
                    classes[0] = k;
                    for (int s = 0; s < n; s++) {
                        float[] row = sums[first + s];
                        if (row == null) {
                            row = new float[k];
                            sums[first + s] = row;
                        }
                        for (int c = 0; c < k; c++) {
                            row[c] += out[s * k + c] * weight;
                        }
                    }
                }
            }
        }
        return sums;
    }

    /** The default policy's refusal: every bad file of {@code total}, one a line (predict and its Spark job alike). */
    public static String badImagesMessage(List<BadImage> bad, int total) {
        StringBuilder sb = new StringBuilder();
        sb.append(bad.size()).append(" of ").append(total).append(total == 1 ? " image" : " images")
                .append(bad.size() == 1 ? " is" : " are")
                .append(" unusable; nothing was written (pass {onBadImage} skip to leave them out):");
        for (BadImage b : bad) {
            sb.append("\n  ").append(b);
        }
        return sb.toString();
    }

    /** The fail policy's refusal, at the first bad image. */
    public static String firstBadImageMessage(Path path, String reason) {
        return path + ": " + reason + " (stopped at the first bad image: {onBadImage} fail)";
    }
}
