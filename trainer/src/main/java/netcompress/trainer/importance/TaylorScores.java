package netcompress.trainer.importance;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.shape.ShapeInference;
import netcompress.trainer.data.Augmentation;
import netcompress.trainer.data.Batches;
import netcompress.trainer.data.DataRoot;
import netcompress.trainer.data.ImageSet;
import netcompress.trainer.data.TrainingBatch;
import netcompress.trainer.engine.TorchEngine;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.loss.CrossEntropy;
import netcompress.trainer.loss.HintonKd;
import netcompress.trainer.loss.Objective;
import netcompress.trainer.teacher.OrtTeacher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * First-order Taylor evidence for the pruner's {@code --criterion taylor}: w x dL/dw for every weight, summed over
 * each of a few rounds of training images (un-augmented, a seeded sample; a round is a batch, or several folded
 * together when the model is too large to keep one array per batch, {@link #ROUND_BYTES}). The pruner sums a channel group's values per round and squares them
 * (Molchanov et al., 2019). The loss is cross-entropy, or with a teacher Hinton KD (alpha 0.5, T 4) on the teacher's
 * logits for the same images, as the fine-tuning will use. The network runs as it is deployed (eval mode: BN with
 * its running statistics), because that is the function pruning changes: with batch statistics instead, on the
 * Fashion-MNIST quality benchmark, the ranking fell from 60.6% to 35.1% test accuracy before fine-tuning
 * (bench/RESULTS.md). No update is made.
 */
public final class TaylorScores {
    /**
     * Memory for the rounds: rounds x parameters x 4 bytes stay under this (a 100k student keeps every batch its own
     * round up to 1,300 batches; ResNet-18 11). More rounds square finer-grained estimates: on the quality benchmark,
     * 2,048 images in 32 rounds gave 64.50% before fine-tuning, folded into 8 rounds 48.24%.
     */
    static final long ROUND_BYTES = 512L << 20;

    /** Per initializer name, per round, w x grad summed over the round's images; and what they were measured on. */
    public record Result(Map<String, float[][]> scores, int images, int rounds, String loss, double seconds) {
        public String describe() {
            return String.format(Locale.ROOT, "taylor: (sum of w x grad)^2 per channel group over %,d training images in %d round%s (%s), %.1f s",
                    images, rounds, rounds == 1 ? "" : "s", loss, seconds);
        }
    }

    private TaylorScores() {
    }

    public static Result compute(ModelProto model, Path data, Path teacher, int images, int batchSize, long seed, int workers) {
        long t0 = System.nanoTime();
        TorchEngine.prepare(System.err::println);
        int side = ShapeInference.squareInputSide(model);
        int size = side > 0 ? side : DataRoot.defaultSize(data);
        DataRoot.Splits splits = DataRoot.open(data, size, workers);
        ImageSet train = splits.train();
        int n = Math.min(images, train.size());
        int[] order = Arrays.copyOf(Batches.shuffled(train.size(), seed, -1), n);
        Map<String, float[][]> sums = new LinkedHashMap<>();
        int rounds;
        OrtTeacher t = teacher == null ? null : new OrtTeacher(OnnxModels.read(teacher), teacher.toString(), Runtime.getRuntime().availableProcessors());
        Objective objective = t == null ? new CrossEntropy() : new HintonKd(0.5, 4);
        try (NDManager root = NDManager.newBaseManager(Device.cpu());
             OnnxBlock block = OnnxBlock.of(model, root, Device.cpu());
             Batches batches = new Batches(train, batchSize, Augmentation.NONE, splits.mean(), splits.std(), workers)) {
            long weights = block.trainable().stream().mapToLong(p -> p.getArray().size()).sum();
            rounds = (int) Math.max(1, Math.min((n + batchSize - 1) / batchSize, ROUND_BYTES / (4 * Math.max(1, weights))));
            int batchNo = 0;
            for (Iterator<TrainingBatch> it = batches.over(order, seed, -1, false); it.hasNext(); batchNo++) {
                int round = batchNo % rounds;
                try (TrainingBatch b = it.next(); NDManager step = root.newSubManager()) {
                    int c = train.channels();
                    NDArray x = step.create(b.bytes(batches.imageFloats()), new Shape(b.size(), c, size, size), DataType.FLOAT32);
                    long[] y = Arrays.stream(b.labels()).asLongStream().toArray();
                    NDArray target = step.create(y);
                    NDArray tl = null;
                    if (t != null) {
                        float[] logits = t.logits(b.data(), b.size(), c, size, size);
                        tl = step.create(logits, new Shape(b.size(), logits.length / b.size()));
                    }
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray out = block.forward(x, false);
                        gc.backward(objective.loss(out, tl, target, 0));
                    }
                    for (Parameter p : block.trainable()) {
                        NDArray w = p.getArray();
                        NDArray g = w.getGradient();
                        float[] s = w.mul(g).toType(DataType.FLOAT32, false).toFloatArray();
                        float[] acc = sums.computeIfAbsent(p.getName(), k -> new float[rounds][s.length])[round];
                        for (int i = 0; i < s.length; i++) {
                            acc[i] += s[i];
                        }
                        g.muli(0);
                    }
                }
            }
        } finally {
            if (t != null) {
                t.close();
            }
        }
        if (sums.isEmpty()) {
            throw new BadInputException(data + ": no training images to measure gradients on");
        }
        return new Result(sums, n, rounds, objective.describe(), (System.nanoTime() - t0) / 1e9);
    }
}
