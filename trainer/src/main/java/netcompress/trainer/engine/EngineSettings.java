package netcompress.trainer.engine;

import java.util.Locale;

/**
 * One way to run libtorch: an optional cap on the instruction set oneDNN may use ({@code DNNL_MAX_CPU_ISA},
 * read once, before oneDNN's first primitive) and whether ATen may hand work to oneDNN at all (ATen's own
 * kernels otherwise, the switch {@code torch.backends.mkldnn.enabled} turns).
 *
 * @param isaCap the oneDNN ISA name, or null for oneDNN's own choice
 * @param onednn false to keep ATen off oneDNN
 */
public record EngineSettings(String isaCap, boolean onednn) {
    public static final EngineSettings DEFAULT = new EngineSettings(null, true);

    public EngineSettings {
        isaCap = isaCap == null || isaCap.isBlank() ? null : isaCap.trim().toUpperCase(Locale.ROOT);
    }

    /** The stable form stored in the verdict cache and passed to a probe: {@code isa=SSE41,onednn=on}. */
    public String key() {
        return "isa=" + (isaCap == null ? "default" : isaCap) + ",onednn=" + (onednn ? "on" : "off");
    }

    public static EngineSettings parse(String key) {
        String isa = null;
        boolean onednn = true;
        for (String part : key.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("engine settings: expected isa=...,onednn=on|off, got " + key);
            }
            switch (kv[0].trim()) {
                case "isa" -> isa = kv[1].trim().equals("default") ? null : kv[1];
                case "onednn" -> onednn = !kv[1].trim().equals("off");
                default -> throw new IllegalArgumentException("engine settings: unknown part " + part + " in " + key);
            }
        }
        return new EngineSettings(isa, onednn);
    }

    /** For people: what this setting means. */
    public String describe() {
        if (!onednn) {
            return isaCap == null ? "oneDNN off (ATen's own kernels)" : "oneDNN off, ISA capped at " + isaCap;
        }
        return isaCap == null ? "libtorch defaults" : "oneDNN's ISA capped at " + isaCap + " (DNNL_MAX_CPU_ISA)";
    }
}
