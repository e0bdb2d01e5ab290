package netcompress.trainer.loop;

import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;

/** The loss of a step was NaN or infinite: applying it would ruin the weights (exit code 1, a bar missed). */
public final class TrainingDiverged extends NetcompressException {
    private final float loss;

    public TrainingDiverged(float loss, String message) {
        super(ExitCode.BUDGET_OR_BAR, message);
        this.loss = loss;
    }

    /** The non-finite loss value. */
    public float loss() {
        return loss;
    }
}
