package netcompress.runtime.model;

import netcompress.onnx.meta.PreprocessSpec;
import netcompress.runtime.session.ModelSession;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded image classifier: its session, the preprocessing it expects, its class names when its
 * metadata has them, and its parameter count (the assignment's budget measure).
 */
public record ClassifierModel(Path path, ModelSession session, PreprocessSpec spec, Optional<List<String>> classNames,
                              long parameters) implements AutoCloseable {
    @Override
    public void close() {
        session.close();
    }
}
