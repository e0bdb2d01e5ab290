package netcompress.runtime.session;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The one provider call that can fail for reasons outside our control (no CUDA library, no GPU),
 * kept behind an interface so the fallback logic is testable without a GPU.
 */
public interface ExecutionProviders {
    /** Adds the CUDA execution provider for device {@code index}; throws when CUDA cannot load. */
    void addCuda(int index) throws OrtException;

    static ExecutionProviders of(OrtSession.SessionOptions options) {
        return options::addCUDA;
    }
}
