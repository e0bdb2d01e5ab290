package netcompress.trainer.engine;

import ai.djl.engine.Engine;
import netcompress.Cpu;
import netcompress.Provenance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one home of libtorch's settings: threads, oneDNN's ISA cap, oneDNN on or off, offline mode, and the
 * check that decides them. Everything that trains calls {@link #prepare} before its first tensor. The first
 * time on a CPU (per libtorch version and thread count) it runs the {@link KernelCheck} for libtorch's
 * defaults in a probe process; where that fails, it tries the other configurations the same way and keeps
 * the first correct one unless a later one is clearly faster ({@link #choose}). The verdict is cached ({@link VerdictCache}), so later commands pay only for
 * reading a file. Settings oneDNN reads once are set in this process's environment before its first
 * primitive; no relaunch is needed.
 */
public final class TorchEngine {
    /** Test-only: {@code kernel@settings-key} (or {@code kernel@*}) makes that kernel's result wrong in the probes of those settings. */
    static final String CORRUPT_PROPERTY = "netcompress.engine.corrupt";
    private static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private static EngineSettings current;
    private static boolean verbose;

    private TorchEngine() {
    }

    /** libtorch's intra-op threads (null: all cores) and whether to print every probe's findings. Before {@link #prepare}. */
    public static synchronized void configure(Integer threads, boolean showDetails) {
        if (threads != null) {
            System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        verbose = showDetails;
    }

    /** The configuration in use, or null before {@link #prepare}. */
    public static synchronized EngineSettings current() {
        return current;
    }

    /**
     * Decides (or reads) the configuration, applies it and starts libtorch. Throws {@link EngineUnusable}
     * when no configuration computes right.
     */
    public static synchronized EngineSettings prepare(Consumer<String> log) {
        if (current != null) {
            return current;
        }
        System.setProperty("ai.djl.offline", "true");
        String corrupt = System.getProperty(CORRUPT_PROPERTY);
        VerdictCache cache = new VerdictCache(VerdictCache.defaultFolder(), verdictKey(corrupt));
        VerdictCache.Verdict verdict = cache.read();
        if (verdict == null) {
            verdict = decide(corrupt, log);
            cache.write(verdict);
            log.accept(verdict.announcement() + "; verdict cached in " + cache.file());
        } else if (!verdict.usesDefaults() || verbose) {
            log.accept(verdict.reminder(cache.file()));
        }
        if (verbose) {
            verdict.details().forEach(d -> log.accept("  engine check: " + d));
        }
        if (verdict.choice() == null) {
            throw new EngineUnusable(verdict.refusal());
        }
        applyBeforeLoad(verdict.choice());
        Engine.getInstance();
        applyAfterLoad(verdict.choice());
        current = verdict.choice();
        return current;
    }

    /** What the verdict depends on: the CPU, libtorch and DJL, where libtorch comes from, threads, and a user's own ISA cap. */
    static String verdictKey(String corrupt) {
        return String.join(" | ", Cpu.model(), "flags " + Integer.toHexString(String.join(" ", Cpu.flags()).hashCode()),
                "libtorch " + Provenance.pytorchVersion(), "djl " + Provenance.djlVersion(),
                "library " + String.valueOf(System.getenv("PYTORCH_LIBRARY_PATH")),
                "threads " + System.getProperty(THREADS_PROPERTY, "all of " + Runtime.getRuntime().availableProcessors()),
                "DNNL_MAX_CPU_ISA " + String.valueOf(System.getenv("DNNL_MAX_CPU_ISA")),
                "corrupt " + String.valueOf(corrupt));
    }

    static VerdictCache.Verdict decide(String corrupt, Consumer<String> log) {
        long t0 = System.nanoTime();
        List<ProbeResult> results = new ArrayList<>();
        ProbeResult defaults = probe(EngineSettings.DEFAULT, corrupt);
        results.add(defaults);
        if (!defaults.passed()) {
            List<EngineSettings> all = candidates(Cpu.flags());
            List<EngineSettings> others = all.subList(1, all.size());
            log.accept("engine: libtorch " + Provenance.pytorchVersion() + " computes wrong results with its defaults on " + Cpu.model()
                    + " (" + defaults.mismatches().get(0) + "); trying " + others.size() + " other configurations, once for this CPU...");
            for (EngineSettings s : others) {
                results.add(probe(s, corrupt));
            }
        }
        return VerdictCache.Verdict.of(choose(results), results, (System.nanoTime() - t0) / 1e9);
    }

    /** A later candidate must beat the pick by this share of its step time to replace it. */
    static final double FASTER_BY = 0.10;

    /**
     * The first correct configuration in candidate order, unless a later one is at least {@link #FASTER_BY} faster:
     * two configurations a few percent apart swap places from one check to the next (on the AMD EPYC VM, oneDNN off
     * at 228 or 304 ms a step, SSE41 at 218 or 317), and each computes slightly different numbers, so a plain
     * fastest made the same command train to different figures on the same machine. Null when none is correct.
     */
    static EngineSettings choose(List<ProbeResult> results) {
        ProbeResult pick = null;
        for (ProbeResult r : results) {
            if (r.passed() && (pick == null || r.stepMillis() < (1 - FASTER_BY) * pick.stepMillis())) {
                pick = r;
            }
        }
        return pick == null ? null : pick.settings();
    }

    /**
     * libtorch's defaults first, then ATen without oneDNN, then oneDNN at each lower ISA this CPU has. Another
     * libtorch build is no candidate: the one other served for this DJL (2.5.1, DJL 0.33) gives the same wrong
     * results on the CPU that needed this (trainer/README.md).
     */
    static List<EngineSettings> candidates(Set<String> flags) {
        List<EngineSettings> c = new ArrayList<>(List.of(EngineSettings.DEFAULT, new EngineSettings(null, false)));
        if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
            c.add(new EngineSettings("AVX512_CORE", true));
        }
        if (flags.contains("avx2")) {
            c.add(new EngineSettings("AVX2", true));
        }
        if (flags.contains("avx")) {
            c.add(new EngineSettings("AVX", true));
        }
        if (flags.contains("sse4_1")) {
            c.add(new EngineSettings("SSE41", true));
        }
        return c;
    }

    /** Runs an {@link EngineProbe} for these settings in a JVM of its own, with this one's class path, threads and allocator. */
    static ProbeResult probe(EngineSettings settings, String corrupt) {
        return probe(settings, corrupt, List.of());
    }

    /** As {@link #probe(EngineSettings, String)}, with more arguments for the probe (see {@link EngineProbe}). */
    static ProbeResult probe(EngineSettings settings, String corrupt, List<String> probeArgs) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true"));
        for (String p : List.of(THREADS_PROPERTY, "ai.djl.pytorch.num_interop_threads")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        String corruptKernel = corruptedKernel(corrupt, settings);
        if (corruptKernel != null) {
            cmd.add("-D" + CORRUPT_PROPERTY + "=" + corruptKernel);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineProbe.class.getName(), settings.key()));
        cmd.addAll(probeArgs);
        List<String> out = new ArrayList<>();
        AtomicReference<String> lastError = new AtomicReference<>("");
        try {
            Process p = new ProcessBuilder(cmd).start();
            Thread errors = new Thread(() -> lastError.set(lastLine(p.getErrorStream())), "engine-probe-stderr");
            errors.setDaemon(true);
            errors.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    out.add(l);
                }
            }
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return ProbeResult.parse(settings, out, -1, "no answer in 5 minutes");
            }
            errors.join(10_000);
            return ProbeResult.parse(settings, out, p.exitValue(), lastError.get());
        } catch (IOException e) {
            return ProbeResult.parse(settings, out, -1, "cannot start " + cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.parse(settings, out, -1, "interrupted");
        }
    }

    /** The last non-blank line of a stream, read to its end (a probe's stderr: libraries' warnings, or why it died). */
    private static String lastLine(InputStream in) {
        String last = "";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (!l.isBlank()) {
                    last = l.trim();
                }
            }
        } catch (IOException e) {
            // the probe closed its side: what was read stands
        }
        return last;
    }

    static String corruptedKernel(String corrupt, EngineSettings settings) {
        if (corrupt == null) {
            return null;
        }
        int at = corrupt.lastIndexOf('@');
        String kernel = at < 0 ? corrupt : corrupt.substring(0, at);
        String which = at < 0 ? "*" : corrupt.substring(at + 1);
        return which.equals("*") || EngineSettings.parse(which).equals(settings) ? kernel : null;
    }

    /** Sets what oneDNN reads once, before its first primitive: the ISA cap. */
    static void applyBeforeLoad(EngineSettings s) {
        if (s.isaCap() != null) {
            NativeSwitches.setenv("DNNL_MAX_CPU_ISA", s.isaCap());
        }
    }

    static void applyAfterLoad(EngineSettings s) {
        if (!s.onednn()) {
            NativeSwitches.onednn(false);
        }
    }

}
