package netcompress.trainer.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A configuration a few percent faster does not displace an earlier correct one: reruns train the same numbers. */
class EngineChoiceRuleTest {
    private static final EngineSettings OFF = new EngineSettings(null, false);
    private static final EngineSettings SSE41 = new EngineSettings("SSE41", true);
    private static final EngineSettings AVX2 = new EngineSettings("AVX2", true);

    private static ProbeResult r(EngineSettings s, boolean passed, double ms) {
        return new ProbeResult(s, passed, ms, 1, List.of());
    }

    @Test
    void theFirstCorrectStaysUnlessALaterOneIsClearlyFaster() {
        ProbeResult wrongDefaults = r(EngineSettings.DEFAULT, false, 100);
        // the two checks seen on the AMD EPYC VM: the order of the timings swapped, the choice must not
        assertEquals(OFF, TorchEngine.choose(List.of(wrongDefaults, r(OFF, true, 228), r(SSE41, true, 218))));
        assertEquals(OFF, TorchEngine.choose(List.of(wrongDefaults, r(OFF, true, 304), r(SSE41, true, 317))));
        assertEquals(AVX2, TorchEngine.choose(List.of(wrongDefaults, r(OFF, true, 300), r(AVX2, false, 100), r(AVX2, true, 200), r(SSE41, true, 190))));
        assertEquals(EngineSettings.DEFAULT, TorchEngine.choose(List.of(r(EngineSettings.DEFAULT, true, 300))));
        assertNull(TorchEngine.choose(List.of(wrongDefaults, r(OFF, false, 1))));
    }
}
