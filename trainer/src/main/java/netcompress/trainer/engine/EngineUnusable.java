package netcompress.trainer.engine;

import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;

/** No libtorch configuration computes the trainer's kernels right on this CPU: training would learn from wrong numbers (exit 3). */
public final class EngineUnusable extends NetcompressException {
    EngineUnusable(String message) {
        super(ExitCode.INTERNAL, message);
    }
}
