package netcompress.trainer.loss;

import ai.djl.ndarray.NDArray;

/** Plain supervised training: cross-entropy with the labels. */
public final class CrossEntropy implements Objective {
    @Override
    public NDArray loss(NDArray student, NDArray teacher, NDArray labels, double progress) {
        return Objective.crossEntropy(student, labels);
    }

    @Override
    public boolean needsTeacher() {
        return false;
    }

    @Override
    public String describe() {
        return "ce";
    }
}
