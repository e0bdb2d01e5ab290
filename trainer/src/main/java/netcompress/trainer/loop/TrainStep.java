package netcompress.trainer.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.loss.Objective;
import netcompress.trainer.teacher.Teacher;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One optimisation step: teacher logits on the batch (ONNX Runtime), student forward in training mode,
 * loss, backward, update. Everything the step creates lives in a sub-manager closed at its end, so
 * memory does not grow from step to step.
 */
public final class TrainStep {
    /** Sum of the loss over the batch's images and how many the student classified right. */
    public record Result(double lossSum, int correct) {
    }

    private final OnnxBlock student;
    private final Teacher teacher;
    private final Objective objective;
    private final Optimizer optimizer;
    private final List<Parameter> params;
    private final NDManager root;

    public TrainStep(OnnxBlock student, Teacher teacher, Objective objective, Optimizer optimizer, NDManager root) {
        this.student = student;
        this.teacher = teacher;
        this.objective = objective;
        this.optimizer = optimizer;
        this.params = student.trainable();
        this.root = root;
    }

    /** {@code bytes}: the batch as native-order floats (NCHW), exactly n*c*h*w of them. */
    public Result run(ByteBuffer bytes, int[] labels, int c, int h, int w, float lr, double progress) {
        float[] tl = null;
        if (objective.needsTeacher()) {
            tl = teacher.logits(bytes.duplicate().order(bytes.order()).asFloatBuffer(), labels.length, c, h, w);
        }
        return run(bytes, labels, c, h, w, lr, progress, tl);
    }

    /** As {@link #run(ByteBuffer, int[], int, int, int, float, double)} with the teacher's logits already computed (null without a teacher). */
    public Result run(ByteBuffer bytes, int[] labels, int c, int h, int w, float lr, double progress, float[] tl) {
        int n = labels.length;
        try (NDManager step = root.newSubManager(student.device())) {
            NDArray x = step.create(bytes, new Shape(n, c, h, w), DataType.FLOAT32);
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels[i];
            }
            NDArray target = step.create(y);
            NDArray t = null;
            if (objective.needsTeacher()) {
                t = step.create(tl, new Shape(n, tl.length / n));
            }
            NDArray logits;
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                logits = student.forward(x, true);
                loss = objective.loss(logits, t, target, progress);
                gc.backward(loss);
            }
            float value = loss.getFloat();
            if (!Float.isFinite(value)) {
                // not applied, and the gradients it left must not reach the next step (x * 0 keeps a NaN: overwrite)
                for (Parameter p : params) {
                    NDArray g = p.getArray().getGradient();
                    g.set(new float[Math.toIntExact(g.size())]);
                }
                throw new TrainingDiverged(value, "the loss became " + value + "; lower {lr} (training diverged)");
            }
            optimizer.step(params, lr, step);
            int correct = (int) logits.argMax(1).eq(target).countNonzero().getLong();
            return new Result((double) value * n, correct);
        }
    }
}
