package netcompress.trainer.engine;

import netcompress.Cpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the engine check costs (bench/engine_check.sh): the check itself in a warm process, one probe process from
 * cold, the whole first-time decision on this CPU (every configuration it needs, in a fresh cache), and a later
 * command's cached verdict. Medians of REPEATS. Argument: REPEATS (default 3).
 */
public final class EngineCheckBench {
    public static void main(String[] a) throws Exception {
        int repeats = a.length > 0 ? Integer.parseInt(a[0]) : 3;
        System.out.println("CPU: " + Cpu.model() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        EngineSettings inUse = TorchEngine.prepare(System.out::println);
        KernelCheck.run(null); // warm: the first run pays for loading classes and libtorch's first kernels
        List<Double> check = new ArrayList<>(), probe = new ArrayList<>(), decide = new ArrayList<>(), cached = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            check.add(KernelCheck.run(null).nanos() / 1e6);
            long t0 = System.nanoTime();
            ProbeResult p = TorchEngine.probe(inUse, null);
            probe.add((System.nanoTime() - t0) / 1e6);
            if (!p.passed()) {
                throw new IllegalStateException("the configuration in use fails in a probe: " + p.mismatches());
            }
            Path dir = Files.createTempDirectory("engine-bench");
            VerdictCache cache = new VerdictCache(dir, TorchEngine.verdictKey(null));
            t0 = System.nanoTime();
            VerdictCache.Verdict v = TorchEngine.decide(null, s -> { });
            decide.add((System.nanoTime() - t0) / 1e6);
            cache.write(v);
            if (i == 0) {
                System.out.println(v.announcement());
                v.details().forEach(d -> System.out.println("  " + d));
            }
            t0 = System.nanoTime();
            VerdictCache.Verdict read = new VerdictCache(dir, TorchEngine.verdictKey(null)).read();
            cached.add((System.nanoTime() - t0) / 1e6);
            if (read == null || !read.choice().equals(v.choice())) {
                throw new IllegalStateException("the verdict did not read back");
            }
        }
        System.out.printf(Locale.ROOT, "check in a warm process: %.0f ms; one probe process, cold: %.0f ms; first-time decision: %.1f s; "
                + "cached verdict: %.2f ms (medians of %d)%n", median(check), median(probe), median(decide) / 1000, median(cached), repeats);
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
