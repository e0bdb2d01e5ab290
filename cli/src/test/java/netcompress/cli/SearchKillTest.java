package netcompress.cli;

import netcompress.datasets.synth.SynthFood11Generator;
import netcompress.datasets.synth.SynthOptions;
import netcompress.onnx.io.OnnxModels;
import netcompress.trainer.zoo.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code netcompress search} killed with SIGKILL after its first finished run, then the same command again. */
class SearchKillTest {
    @Test
    void aKilledSearchRerunKeepsItsFinishedRunsAndFinishes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("food-11");
        SynthFood11Generator.generate(data, SynthOptions.defaults().withScale(0.02).withSize(48, 40).withThreads(2), false, (d, t) -> { });
        Path teacher = dir.resolve("teacher.onnx");
        OnnxModels.write(ModelZoo.build("resnet10:0.125", 3, 11, 32, 1), teacher, false);
        Path out = dir.resolve("search");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "netcompress.cli.Main", "search", "--data", data.toString(),
                "--teacher", teacher.toString(), "--out", out.toString(), "--size", "32", "--budget", "20000", "--candidates",
                "dwsep:0.25,mbv2:0.25,studentnet:0.3", "--proxy-epochs", "2", "--rounds", "2", "--full-epochs", "0", "--distill-arg=--batch=16"));
        Path first = dir.resolve("first.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(first.toFile()).start();
        Path record = out.resolve("runs/dwsep-0.25-direct/round-0.json");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (!Files.exists(record) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(record), "the first run finished before the kill: " + Files.readString(first));
        p.destroyForcibly(); // SIGKILL: no shutdown hooks
        p.waitFor(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(out.resolve("winner.onnx")), "killed before the end");
        long finished = Files.getLastModifiedTime(out.resolve("runs/dwsep-0.25-direct/round-0/student.onnx")).toMillis();

        Path second = dir.resolve("second.log");
        Process q = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(second.toFile()).start();
        assertTrue(q.waitFor(10, TimeUnit.MINUTES), "rerun finished");
        String log = Files.readString(second);
        assertEquals(0, q.exitValue(), log);
        assertTrue(log.contains("round 1: dwsep:0.25 done in an earlier run, kept"), log);
        assertFalse(log.contains("round 1: dwsep:0.25 (direct)"), "not trained again: " + log);
        assertEquals(finished, Files.getLastModifiedTime(out.resolve("runs/dwsep-0.25-direct/round-0/student.onnx")).toMillis());
        assertTrue(Files.exists(out.resolve("winner.onnx")) && Files.exists(out.resolve("report.html")));
        try (var files = Files.walk(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no half-written files left");
        }
    }
}
