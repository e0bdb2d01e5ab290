package netcompress.trainer.engine;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives every test class the engine configuration training would get, before its first tensor: tests that call
 * libtorch directly (the parity tests) must see the same kernels as the commands. Registered for automatic
 * detection (META-INF/services, junit-platform.properties) in trainer and cli.
 */
public final class CheckedEngine implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        TorchEngine.prepare(System.out::println);
    }
}
