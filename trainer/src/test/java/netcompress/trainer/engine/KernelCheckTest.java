package netcompress.trainer.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelCheckTest {
    /** The configuration CheckedEngine applied to this JVM is the one the check chose: the check passes under it. */
    @Test
    void theCheckPassesOnTheEngineInUse() {
        KernelCheck.Report r = KernelCheck.run(null);
        assertTrue(r.passed(), "mismatches under " + TorchEngine.current() + ": " + r.mismatches());
        assertTrue(r.comparisons() >= 40, "comparisons " + r.comparisons());
    }

    /** The forced mismatch of the tests: one kernel's result made wrong is found, named, and nothing else is. */
    @Test
    void aCorruptedKernelIsFoundAndNamed() {
        KernelCheck.Report r = KernelCheck.run("batchnorm train");
        assertFalse(r.passed());
        assertTrue(r.mismatches().stream().allMatch(m -> m.kernel().equals("batchnorm train")), r.mismatches().toString());
        assertTrue(r.worst().error() > KernelCheck.TOLERANCE);
    }

    @Test
    void candidatesStartWithTheDefaultsAndOnlyUseIsasTheCpuHas() {
        List<EngineSettings> avx2 = TorchEngine.candidates(Set.of("sse4_1", "avx", "avx2"));
        assertEquals(EngineSettings.DEFAULT, avx2.get(0));
        assertEquals(List.of("isa=default,onednn=off", "isa=AVX2,onednn=on", "isa=AVX,onednn=on", "isa=SSE41,onednn=on"),
                avx2.subList(1, avx2.size()).stream().map(EngineSettings::key).toList());
        assertEquals(6, TorchEngine.candidates(Set.of("sse4_1", "avx", "avx2", "avx512f", "avx512bw", "avx512vl", "avx512dq")).size());
        for (EngineSettings s : avx2) {
            assertEquals(s, EngineSettings.parse(s.key()));
        }
    }

    @Test
    void theTestSwitchCorruptsOnlyTheNamedSettings() {
        assertEquals("conv2d", TorchEngine.corruptedKernel("conv2d@isa=default,onednn=on", EngineSettings.DEFAULT));
        assertNull(TorchEngine.corruptedKernel("conv2d@isa=default,onednn=on", new EngineSettings("SSE41", true)));
        assertEquals("gemm", TorchEngine.corruptedKernel("gemm@*", new EngineSettings("SSE41", true)));
        assertNull(TorchEngine.corruptedKernel(null, EngineSettings.DEFAULT));
    }

    /** A verdict is read back only under its own key; an unusable one is never kept, so such a CPU is checked again. */
    @Test
    void verdictsAreKeptPerKeyAndOnlyWhenUsable(@TempDir Path dir) {
        VerdictCache a = new VerdictCache(dir, "cpu A | libtorch 2.7.1");
        assertNull(a.read());
        var fallback = new VerdictCache.Verdict(new EngineSettings("SSE41", true), List.of("libtorch defaults: wrong, x", "y: correct, 3 ms"), 1,
                "2026-12-05T00:00:00Z", 9.5);
        a.write(fallback);
        assertEquals(fallback, a.read());
        assertNull(new VerdictCache(dir, "cpu B | libtorch 2.7.1").read());
        VerdictCache c = new VerdictCache(dir, "cpu C");
        c.write(new VerdictCache.Verdict(null, List.of("libtorch defaults: wrong, x"), 0, "2026-12-05T00:00:00Z", 9.5));
        assertNull(c.read());
    }
}
