package netcompress.runtime.session;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

/**
 * The one provider call that can fail for reasons outside our control (no CUDA library, no GPU),
 * kept behind an interface so the fallback logic is testable without a GPU.
 */
public interface ExecutionProviders {
    /** Adds the CUDA execution provider for device {@code index}; throws when CUDA cannot load. */
    void addCuda(int index) throws OrtException;

    /** Whether this ONNX Runtime build has a CUDA provider at all (the default CPU jar has none). */
    boolean cudaInBuild();

    static ExecutionProviders of(OrtSession.SessionOptions options) {
        return new ExecutionProviders() {
            @Override
            public void addCuda(int index) throws OrtException {
                options.addCUDA(index);
            }

            @Override
            public boolean cudaInBuild() {
                return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
            }
        };
    }
}
