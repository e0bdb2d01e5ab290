package netcompress.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import netcompress.errors.BadInputException;

/**
 * Decoupled knowledge distillation (Zhao et al., CVPR 2022): the KD loss split into a target-class
 * term (TCKD: KL between the binary distributions [p_target, 1 - p_target]) and a non-target term
 * (NCKD: KL between the distributions over the other classes), weighted independently:
 * {@code CE + ramp * T^2 * (alpha * TCKD + beta * NCKD)}. Classic KD weights NCKD by (1 - p_target of
 * the teacher), which suppresses it exactly when the teacher is confident; DKD gives it weight beta.
 * The ramp grows linearly to 1 over the first {@code warmup} fraction of training, as in the paper.
 */
public final class DecoupledKd implements Objective {
    private static final float MASK = 1000f;
    private final double alpha;
    private final double beta;
    private final double temperature;
    private final double warmup;

    public DecoupledKd(double alpha, double beta, double temperature, double warmup) {
        if (alpha < 0 || beta < 0 || !(temperature > 0) || warmup < 0 || warmup > 1) {
            throw new BadInputException("DKD needs alpha, beta >= 0, T > 0 and warm-up in [0,1]");
        }
        this.alpha = alpha;
        this.beta = beta;
        this.temperature = temperature;
        this.warmup = warmup;
    }

    @Override
    public NDArray loss(NDArray student, NDArray teacher, NDArray labels, double progress) {
        float t = (float) temperature;
        int k = (int) student.getShape().get(1);
        NDArray gt = labels.oneHot(k);
        NDArray ps = student.div(t).softmax(1);
        NDArray pt = teacher.div(t).softmax(1);
        NDArray psTarget = ps.mul(gt).sum(new int[] {1}, true);
        NDArray ptTarget = pt.mul(gt).sum(new int[] {1}, true);
        NDArray bs = NDArrays.concat(new NDList(psTarget, psTarget.neg().add(1f)), 1).clip(1e-7f, 1f);
        NDArray bt = NDArrays.concat(new NDList(ptTarget, ptTarget.neg().add(1f)), 1).clip(1e-7f, 1f);
        NDArray tckd = Objective.kl(bt.log(), bs.log());
        NDArray mask = gt.mul(MASK);
        NDArray logPsNon = student.div(t).sub(mask).logSoftmax(1);
        NDArray logPtNon = teacher.div(t).sub(mask).logSoftmax(1);
        NDArray nckd = Objective.kl(logPtNon, logPsNon);
        double ramp = warmup == 0 ? 1 : Math.min(1, progress / warmup);
        NDArray kd = tckd.mul((float) alpha).add(nckd.mul((float) beta)).mul((float) (ramp * temperature * temperature));
        return Objective.crossEntropy(student, labels).add(kd);
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }

    @Override
    public String describe() {
        return "dkd(alpha=" + alpha + ",beta=" + beta + ",T=" + temperature + ")";
    }
}
