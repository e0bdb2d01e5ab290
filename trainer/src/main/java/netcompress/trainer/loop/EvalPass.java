package netcompress.trainer.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import netcompress.trainer.data.Augmentation;
import netcompress.trainer.data.Batches;
import netcompress.trainer.data.ImageSet;
import netcompress.trainer.data.TrainingBatch;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.loss.Objective;

import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.function.BiFunction;

/** Cross-entropy and accuracy of a model in eval mode (BN running statistics, no dropout) over a labeled set. */
public final class EvalPass {
    public record Score(double loss, double accuracy, int images) {
    }

    private EvalPass() {
    }

    public static Score evaluate(OnnxBlock model, ImageSet set, int batch, float[] mean, float[] std, int workers, NDManager root) {
        try (Batches batches = new Batches(set, batch, Augmentation.NONE, mean, std, workers)) {
            return evaluate(model, set, batches, root);
        }
    }

    /**
     * With batches made by the caller, who reuses them every epoch: their direct buffers are freed only when
     * the garbage collector runs, so fresh ones per epoch would look like growing memory.
     */
    public static Score evaluate(OnnxBlock model, ImageSet set, Batches batches, NDManager root) {
        double lossSum = 0;
        long correct = 0;
        int[] order = new int[set.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        {
            Iterator<TrainingBatch> it = batches.over(order, 0, 0, false);
            while (it.hasNext()) {
                try (TrainingBatch b = it.next(); NDManager step = root.newSubManager(model.device())) {
                    int n = b.size();
                    NDArray x = step.create(b.bytes(batches.imageFloats()), new Shape(n, set.channels(), set.height(), set.width()), DataType.FLOAT32);
                    long[] y = new long[n];
                    for (int i = 0; i < n; i++) {
                        y[i] = b.labels()[i];
                    }
                    NDArray target = step.create(y);
                    NDArray logits = model.forward(x, false);
                    lossSum += Objective.crossEntropy(logits, target).getFloat() * n;
                    correct += logits.argMax(1).eq(target).countNonzero().getLong();
                }
            }
        }
        return new Score(lossSum / set.size(), (double) correct / set.size(), set.size());
    }

    /** Softmax outputs of the model for every image (for pseudo-labels), row-major (N, K). */
    public static float[] probabilities(BiFunction<FloatBuffer, Integer, float[]> logitsOf, ImageSet set, int batch,
                                        float[] mean, float[] std, int workers) {
        int[] order = new int[set.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] all = null;
        int k = 0;
        try (Batches batches = new Batches(set, batch, Augmentation.NONE, mean, std, workers)) {
            Iterator<TrainingBatch> it = batches.over(order, 0, 0, false);
            int done = 0;
            while (it.hasNext()) {
                try (TrainingBatch b = it.next()) {
                    float[] logits = logitsOf.apply(b.data(), b.size());
                    if (all == null) {
                        k = logits.length / b.size();
                        all = new float[set.size() * k];
                    }
                    for (int i = 0; i < b.size(); i++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int j = 0; j < k; j++) {
                            max = Math.max(max, logits[i * k + j]);
                        }
                        double sum = 0;
                        for (int j = 0; j < k; j++) {
                            sum += Math.exp(logits[i * k + j] - max);
                        }
                        for (int j = 0; j < k; j++) {
                            all[(done + i) * k + j] = (float) (Math.exp(logits[i * k + j] - max) / sum);
                        }
                    }
                    done += b.size();
                }
            }
        }
        return all;
    }
}
