package netcompress.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code netcompress} launcher script, run in a copy of the module tree with a stand-in {@code mvn} (it
 * records its arguments and makes the jar) and {@code java} (it prints its arguments): it builds on first use and
 * whenever a module's sources or poms are newer than the jar (or only warns with NETCOMPRESS_NO_REBUILD=1), and
 * builds and loads the Spark part only for --spark.
 */
class LauncherTest {
    private static final List<String> MODULES = List.of("onnx-tools", "test-data", "runtime", "pruner", "trainer", "cli", "spark");

    @TempDir
    Path root;
    Path bin;
    /** Seconds of a clock the test sets every file time from, so that "newer" never depends on timer resolution. */
    long clock = System.currentTimeMillis() / 1000 - 3600;

    @BeforeEach
    void tree() throws IOException {
        Files.copy(Path.of("..", "netcompress"), root.resolve("netcompress"));
        executable(root.resolve("netcompress"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        for (String m : MODULES) {
            Files.createDirectories(root.resolve(m).resolve("src/main/java"));
            Files.writeString(root.resolve(m).resolve("pom.xml"), "<project/>");
            Files.writeString(root.resolve(m).resolve("src/main/java/A.java"), "class A {}");
        }
        bin = Files.createDirectories(root.resolve("bin"));
        // mvn: records the call, then makes what the module's build would (an older stamp than "now" is not needed)
        script(bin.resolve("mvn"), "echo \"mvn $*\" >> \"$LOG\"\n"
                + "mkdir -p cli/target spark/target\n"
                + "case \"$*\" in *'-pl spark'*) echo /x/spark-core.jar > spark/target/classpath.txt;"
                + " echo '--add-opens=java.base/java.nio=ALL-UNNAMED' > spark/target/jvm-options.txt;"
                + " touch -d \"@$STAMP\" spark/target/netcompress-spark.jar;; esac\n"
                + "touch -d \"@$STAMP\" cli/target/netcompress.jar\n");
        script(bin.resolve("java"), "echo \"java $*\"\n");
        try (var s = Files.walk(root)) {
            FileTime t = FileTime.fromMillis(1000 * tick());
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, t);
            }
        }
    }

    @Test
    void buildsOnFirstUseThenOnlyWhenSourcesChange() throws Exception {
        Result first = run(Map.of(), "count", "m.onnx");
        assertTrue(first.err.contains("building cli/target/netcompress.jar (first use)"), first.err);
        assertEquals(1, builds());
        assertTrue(first.out.contains("-jar " + root.resolve("cli/target/netcompress.jar") + " count m.onnx"), first.out);

        Result again = run(Map.of(), "count", "m.onnx");
        assertFalse(again.err.contains("building"), again.err);
        assertEquals(1, builds(), "an up-to-date jar is not rebuilt");

        touchNewer(root.resolve("pruner/src/main/java/A.java"));
        Result stale = run(Map.of(), "count", "m.onnx");
        assertTrue(stale.err.contains("building cli/target/netcompress.jar (pruner/src/main/java/A.java is newer than it)"), stale.err);
        assertEquals(2, builds());

        touchNewer(root.resolve("runtime/pom.xml"));
        Result kept = run(Map.of("NETCOMPRESS_NO_REBUILD", "1"), "count", "m.onnx");
        assertTrue(kept.err.contains("warning: running cli/target/netcompress.jar, older than the sources (runtime/pom.xml is newer than it)"), kept.err);
        assertEquals(2, builds(), "NETCOMPRESS_NO_REBUILD=1 warns instead");

        touchNewer(root.resolve("spark/src/main/java/A.java"));
        run(Map.of(), "count", "m.onnx");
        assertEquals(3, builds(), "runtime/pom.xml is still newer; the spark module's sources alone would not count");
        touchNewer(root.resolve("spark/src/main/java/A.java"));
        assertFalse(run(Map.of(), "count", "m.onnx").err.contains("building"), "without --spark, the spark module is not the default jar's");
    }

    @Test
    void sparkIsBuiltAndLoadedOnlyForTheSparkOption() throws Exception {
        run(Map.of(), "predict", "--model", "m.onnx");
        assertFalse(Files.readString(root.resolve("mvn.log")).contains("-pl spark"));

        Result spark = run(Map.of(), "predict", "--model", "m.onnx", "--spark", "local[2]");
        assertTrue(spark.err.contains("building spark/target/netcompress-spark.jar (first use)"), spark.err);
        assertTrue(spark.err.contains("--spark: loading the Spark part"), spark.err);
        assertTrue(Files.readString(root.resolve("mvn.log")).contains("-pl spark -am"));
        assertTrue(spark.out.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), spark.out);
        assertTrue(spark.out.contains("-cp " + root.resolve("spark/target/netcompress-spark.jar") + ":/x/spark-core.jar:"
                + root.resolve("cli/target/netcompress.jar") + " netcompress.cli.Main predict"), spark.out);

        touchNewer(root.resolve("spark/src/main/java/A.java"));
        Result stale = run(Map.of(), "predict", "--model", "m.onnx", "--spark=local[2]");
        assertTrue(stale.err.contains("building spark/target/netcompress-spark.jar (spark/src/main/java/A.java is newer than it)"), stale.err);
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java.util.stream.Stream.concat(java.util.stream.Stream.of("bash", root.resolve("netcompress").toString()),
                java.util.Arrays.stream(args)).toList());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("LOG", root.resolve("mvn.log").toString());
        pb.environment().put("NETCOMPRESS_NO_CDS", "1");
        pb.environment().put("NETCOMPRESS_NO_JEMALLOC", "1");
        pb.environment().put("STAMP", Long.toString(tick()));
        pb.environment().putAll(env);
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher hung");
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        assertEquals(0, r.code, r.err);
        return r;
    }

    private long builds() throws IOException {
        Path log = root.resolve("mvn.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    private long tick() {
        clock += 10;
        return clock;
    }

    private void touchNewer(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.fromMillis(1000 * tick()));
    }

    private static void script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/usr/bin/env bash\n" + body, StandardCharsets.UTF_8);
        executable(p);
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
