package netcompress.trainer.loop;

import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;

/**
 * A non-finite number that no learning rate explains: the loss of a batch before any step of its epoch (the
 * weights it was computed from were finite and gave finite results), non-finite teacher logits, or non-finite
 * validation logits after finite training steps. Exit code 3: the engine or the inputs are at fault, not the settings.
 */
public final class NumericsFault extends NetcompressException {
    public NumericsFault(String message) {
        super(ExitCode.INTERNAL, message + "; this is a numerics problem, not a learning-rate one: check the engine "
                + "(trainer/README.md, Engine check) and the inputs");
    }
}
