package netcompress.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code netcompress ...} in a JVM of its own, with this test's class path: for runs a test kills, and for settings
 * that hold per process (libtorch's). {@link CliRun} is the in-process kind.
 *
 * @param command the child's command line
 */
record ChildJvm(List<String> command) {

    /** What a finished child printed, and its exit code. */
    record Result(int code, String text) {
    }

    /** {@code java -Xmx2g -Dai.djl.offline=true [jvmFlags] -cp ... netcompress.cli.Main args}. */
    static ChildJvm of(List<String> jvmFlags, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dai.djl.offline=true"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ChildJvm(List.copyOf(cmd));
    }

    static ChildJvm of(String... args) {
        return of(List.of(), args);
    }

    /** Runs to the end (10 minutes at most, then killed), its output going to log. */
    Result run(Path log) throws IOException, InterruptedException {
        Process p = start(log);
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "finished within 10 minutes: " + text);
        return new Result(p.exitValue(), text);
    }

    /**
     * Starts it and kills it with SIGKILL (no shutdown hooks, no clean-up) as soon as {@code file} exists; fails the
     * test when the file did not appear within 8 minutes or the child ended first.
     */
    void killOnceExists(Path file, Path log) throws IOException, InterruptedException {
        Process p = start(log);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (!Files.exists(file) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(file), file + " appeared before the kill: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    private Process start(Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
