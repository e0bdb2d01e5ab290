package netcompress.trainer.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The minimal reproduction of the fault written up in trainer/README.md (Engine check): libtorch 2.7.1's oneDNN
 * convolutions over a channel count that does not fill oneDNN's block, on AMD Zen 5. Whatever the CPU, the reproduction
 * is right under the configuration in use, and where libtorch's defaults get it wrong, the engine did not keep them.
 */
class OneDnnPaddedChannelsTest {
    @Test
    void theReproductionIsRightUnderTheEngineInUseAndItsDefaultsAreNotKeptWhereItFails() {
        KernelCheck.Report inUse = KernelCheck.reproduction();
        assertTrue(inUse.passed(), "under " + TorchEngine.current() + ": " + inUse.mismatches());
        ProbeResult defaults = TorchEngine.probe(EngineSettings.DEFAULT, null, List.of("reproduction"));
        assertTrue(defaults.passed() || !defaults.mismatches().isEmpty() && defaults.mismatches().get(0).startsWith("conv2d 2x1"),
                "the probe itself failed: " + defaults.mismatches());
        if (!defaults.passed()) {
            assertNotEquals(EngineSettings.DEFAULT, TorchEngine.current(), "defaults are wrong here " + defaults.mismatches());
        }
    }
}
