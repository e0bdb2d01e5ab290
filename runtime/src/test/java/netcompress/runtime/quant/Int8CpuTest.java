package netcompress.runtime.quant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Int8CpuTest {
    @Test
    void fullWeightsOnlyWhereTheDotProductCannotSaturate() {
        assertEquals(8, Int8Cpu.weightBits("amd64", Set.of("avx2", "avx512_vnni")));
        assertEquals(8, Int8Cpu.weightBits("amd64", Set.of("avx2", "avx_vnni")));
        assertEquals(7, Int8Cpu.weightBits("amd64", Set.of("avx2", "fma")));
        assertEquals(7, Int8Cpu.weightBits("amd64", Set.of()), "flags unreadable: the safe width");
        assertEquals(8, Int8Cpu.weightBits("aarch64", Set.of()));
    }

    @Test
    void readsTheFirstProcessorsFlags(@TempDir Path dir) throws Exception {
        Path info = dir.resolve("cpuinfo");
        Files.writeString(info, "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse2 avx2 avx512_vnni\n\nprocessor\t: 1\nflags\t\t: fpu\n");
        assertEquals(Set.of("fpu", "sse2", "avx2", "avx512_vnni"), netcompress.Cpu.flags(info));
        assertTrue(netcompress.Cpu.flags(dir.resolve("missing")).isEmpty());
    }
}
