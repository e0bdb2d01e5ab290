package netcompress.runtime.quant;

import netcompress.Cpu;

import java.util.Set;

/**
 * Which int8 weights this machine's CPU runs exactly in ONNX Runtime. x86 CPUs without VNNI multiply
 * uint8 by int8 with vpmaddubsw, which saturates at 16 bits when two full-range products meet; 7-bit
 * weights (ONNX Runtime's "reduce_range") keep every pair in range. VNNI's vpdpbusd and ARM's dot
 * products accumulate in 32 bits and take full 8-bit weights.
 */
public final class Int8Cpu {
    private Int8Cpu() {
    }

    public static int weightBits() {
        return weightBits(System.getProperty("os.arch", ""), Cpu.flags());
    }

    static int weightBits(String arch, Set<String> flags) {
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86");
        if (!x86) {
            return 8;
        }
        return flags.contains("avx512_vnni") || flags.contains("avx_vnni") ? 8 : 7;
    }
}
