package netcompress.cli;

import netcompress.datasets.synth.SynthFood11Generator;
import netcompress.datasets.synth.SynthOptions;
import netcompress.onnx.io.OnnxModels;
import netcompress.trainer.zoo.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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
        ChildJvm search = ChildJvm.of("search", "--data", data.toString(), "--teacher", teacher.toString(), "--out", out.toString(),
                "--size", "32", "--budget", "20000", "--candidates", "dwsep:0.25,mbv2:0.25,studentnet:0.3", "--proxy-epochs", "2",
                "--rounds", "2", "--full-epochs", "0", "--distill-arg=--batch=16");
        search.killOnceExists(out.resolve("runs/dwsep-0.25-direct/round-0.json"), dir.resolve("first.log"));
        assertFalse(Files.exists(out.resolve("winner.onnx")), "killed before the end");
        long finished = Files.getLastModifiedTime(out.resolve("runs/dwsep-0.25-direct/round-0/student.onnx")).toMillis();

        ChildJvm.Result rerun = search.run(dir.resolve("second.log"));
        String log = rerun.text();
        assertEquals(0, rerun.code(), log);
        assertTrue(log.contains("round 1: dwsep:0.25 done in an earlier run, kept"), log);
        assertFalse(log.contains("round 1: dwsep:0.25 (direct)"), "not trained again: " + log);
        assertEquals(finished, Files.getLastModifiedTime(out.resolve("runs/dwsep-0.25-direct/round-0/student.onnx")).toMillis());
        assertTrue(Files.exists(out.resolve("winner.onnx")) && Files.exists(out.resolve("report.html")));
        try (var files = Files.walk(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no half-written files left");
        }
    }
}
