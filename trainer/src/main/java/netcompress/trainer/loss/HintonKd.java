package netcompress.trainer.loss;

import ai.djl.ndarray.NDArray;
import netcompress.errors.BadInputException;

/**
 * Hinton et al. (2015): {@code alpha * T^2 * KL(softmax(t/T) || softmax(s/T)) + (1 - alpha) * CE(s, y)}.
 * The T^2 keeps the soft term's gradients on the scale of the hard term's as T grows.
 */
public final class HintonKd implements Objective {
    private final double alpha;
    private final double temperature;

    public HintonKd(double alpha, double temperature) {
        if (alpha < 0 || alpha > 1 || !(temperature > 0)) {
            throw new BadInputException("{alpha} must be in [0,1] and {temperature} positive, got " + alpha + " and " + temperature);
        }
        this.alpha = alpha;
        this.temperature = temperature;
    }

    @Override
    public NDArray loss(NDArray student, NDArray teacher, NDArray labels, double progress) {
        float t = (float) temperature;
        NDArray logPt = teacher.div(t).logSoftmax(1);
        NDArray logPs = student.div(t).logSoftmax(1);
        NDArray soft = Objective.kl(logPt, logPs).mul((float) (alpha * temperature * temperature));
        if (alpha == 1) {
            return soft;
        }
        return soft.add(Objective.crossEntropy(student, labels).mul((float) (1 - alpha)));
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }

    @Override
    public String describe() {
        return "kd(alpha=" + alpha + ",T=" + temperature + ")";
    }
}
