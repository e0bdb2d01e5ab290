package netcompress.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.tensor.Npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The PyTorch fixtures, reached through test resources shared from the test-data module. */
public final class TestFixtures {
    private static Path dir;

    private TestFixtures() {
    }

    public static synchronized Path path(String name) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("nc-fixtures");
            }
            Path p = dir.resolve(name);
            if (!Files.exists(p)) {
                try (InputStream in = TestFixtures.class.getResourceAsStream("/fixtures/pytorch/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("fixture " + name + " is not on the test classpath");
                    }
                    Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelProto model(String name) {
        return OnnxModels.read(path(name));
    }

    public static Npy.Array npy(String name) {
        return Npy.read(path(name));
    }
}
