package netcompress.cli;

import netcompress.testdata.Fixtures;
import netcompress.testdata.corrupt.OnnxMutations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random mutations of the fixture files fed to inspect, count and prune through the command line.
 * Every case must end with exit 0 (the mutation was harmless), 1 (a budget that cannot be met) or 2
 * (a clear error), never 3 (a crash), within a bounded time, and a failed prune leaves no file.
 */
class CliFuzzTest {
    private static final String[] FILES = {"student_bn.onnx", "student_dw.onnx", "mini_mbv2.onnx", "mini_mbv2_bn.onnx", "fmnist_cnn.onnx"};
    private static final int CASES = Integer.getInteger("netcompress.fuzzCases", 2000);
    /** prune also builds an ONNX Runtime session for its self-check: it gets every 4th case. */
    private static final int PRUNE_EVERY = 4;

    @TempDir
    Path dir;

    @Test
    void mutatedModelsNeverCrashHangOrLeaveOutput() throws Exception {
        Random r = new Random(20261128);
        List<String> failures = new ArrayList<>();
        int[] byCode = new int[4];
        int runs = 0;
        ExecutorService pool = Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "fuzz");
            th.setDaemon(true);
            return th;
        });
        try {
            for (int i = 0; i < CASES && failures.size() < 5; i++) {
                String file = FILES[i % FILES.length];
                Path model = dir.resolve("case.onnx");
                Files.write(model, OnnxMutations.mutate(Files.readAllBytes(Fixtures.path(file)), r));
                List<String[]> commands = new ArrayList<>();
                commands.add(new String[] {"inspect", model.toString()});
                commands.add(new String[] {"count", model.toString()});
                Path out = dir.resolve("pruned.onnx");
                if (i % PRUNE_EVERY == 0) {
                    commands.add(new String[] {"prune", "--model", model.toString(), "--ratio", "0.5", "--out", out.toString(), "--force"});
                }
                for (String[] cmd : commands) {
                    Files.deleteIfExists(out);
                    Future<CliRun> f = pool.submit(() -> CliRun.of(cmd));
                    CliRun res;
                    try {
                        res = f.get(60, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        failures.add("case " + i + " " + cmd[0] + " (" + file + "): hung");
                        break;
                    }
                    runs++;
                    byCode[Math.min(res.code(), 3)]++;
                    if (res.code() == 3 || res.code() < 0) {
                        failures.add("case " + i + " " + cmd[0] + " (" + file + "): exit " + res.code() + ": " + res.err().lines().findFirst().orElse(""));
                    }
                    if (cmd[0].equals("prune") && res.code() != 0 && Files.exists(out)) {
                        failures.add("case " + i + ": failed prune left " + out);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("cli fuzz: %d command runs over %d mutated files: exit 0: %d, exit 1: %d, exit 2: %d, crashes: %d%n",
                runs, CASES, byCode[0], byCode[1], byCode[2], byCode[3]);
        assertTrue(failures.isEmpty(), failures.toString());
    }
}
