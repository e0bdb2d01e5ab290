package netcompress.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.jobs.pipeline.Pipeline;
import netcompress.jobs.pipeline.PipelineSettings;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.testdata.browser.HeadlessChromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole chain on a tiny synthetic set (one run shared by the tests here), then a rerun that keeps
 * every stage, a run killed with SIGKILL during distillation that resumes, and the report in Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineRunTest {
    @TempDir
    static Path dir;
    static Path run;
    static final List<String> log = new ArrayList<>();

    static PipelineSettings tiny() {
        return PipelineSettings.defaults().with(Map.of("synthScale", 0.02, "size", 32, "teacherModel", "resnet10:0.125",
                "teacherEpochs", 1, "studentEpochs", 1, "finetuneEpochs", 1, "batch", 16));
    }

    @BeforeAll
    static void runOnce() {
        run = dir.resolve("run");
        Pipeline.run(run, tiny(), false, log::add);
    }

    @Test
    @Order(1)
    void writesSubmissionFinalModelWithinBudgetAndReport() throws Exception {
        List<String> csv = Files.readAllLines(run.resolve("predict.csv"));
        assertEquals("Id,Category", csv.get(0));
        long tests;
        try (var s = Files.list(run.resolve("data/food-11/testing/00"))) {
            tests = s.count();
        }
        assertEquals(tests + 1, csv.size());
        for (int i = 1; i < csv.size(); i++) {
            String[] f = csv.get(i).split(",");
            assertEquals(Integer.toString(i - 1), f[0]);
            int c = Integer.parseInt(f[1]);
            assertTrue(c >= 0 && c < 11);
        }
        ModelProto fin = OnnxModels.read(run.resolve("final.onnx"));
        assertTrue(ModelChecker.problems(fin).isEmpty());
        assertTrue(ParameterCount.of(fin).parameters() <= 100_000);
        assertTrue(Files.exists(run.resolve("pruned.onnx")), "the default student is over budget, so the run pruned it");
        String html = Files.readString(run.resolve("report.html"));
        for (String s : List.of("Stage: teacher", "Stage: baseline", "Student without teacher validation accuracy",
                "Distilled student validation accuracy (unlabeled images: " + netcompress.trainer.data.UnlabeledUse.DEFAULT.cliName() + ")", "Stage: distill", "Stage: prune", "Stage: finetune", "Stage: evaluate",
                "Per-layer parameters before and after pruning", "Confusion matrix", "Learning curve", "Versions", "Majority-class guess")) {
            assertTrue(html.contains(s), "report lacks " + s);
        }
        assertTrue(Files.exists(run.resolve("config.json")));
    }

    @Test
    @Order(1)
    void onnxRuntimeScoresTheFinalModelAsTheTrainerDid() throws Exception {
        // same images, same preprocessing, eval-mode BN: DJL's validation accuracy of the exported model and
        // ONNX Runtime's must agree (a channel-order or BN-export bug shows up here as a large gap)
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        double trainer = json.readTree(run.resolve("stages/finetune.json").toFile()).path("metrics").path("validation accuracy").asDouble();
        double ort = json.readTree(run.resolve("stages/evaluate.json").toFile()).path("metrics").path("validation accuracy").asDouble();
        assertEquals(trainer, ort, 0.05, "trainer " + trainer + " vs ONNX Runtime " + ort);
    }

    @Test
    @Order(2)
    void rerunKeepsFinishedStagesAndOtherSettingsAreRefused() {
        List<String> again = new ArrayList<>();
        Pipeline.run(run, tiny(), false, again::add);
        assertTrue(again.stream().noneMatch(l -> l.endsWith(": running")), again.toString());
        assertTrue(again.stream().anyMatch(l -> l.equals("stage distill: done in an earlier run, kept")));
        BadInputException e = assertThrows(BadInputException.class,
                () -> Pipeline.run(run, tiny().with(Map.of("studentEpochs", 2)), false, again::add));
        assertTrue(e.getMessage().contains("studentEpochs"), e.getMessage());
    }

    @Test
    @Order(3)
    void reportRendersWithItsImagesInChromium() throws Exception {
        assumeTrue(HeadlessChromium.skipReason() == null, HeadlessChromium.skipReason());
        // after load, whether every image of the report decoded
        String html = Files.readString(run.resolve("report.html"));
        HeadlessChromium chromium = HeadlessChromium.in(dir);
        String decoded = chromium.valueAfterLoad(run.resolve("report.html"), dir.resolve("probe.html"),
                "(r=>r.length+':'+r.every(x=>x))([...document.images].map(i=>i.complete&&i.naturalWidth>0))");
        int images = html.split("data:image/png;base64,", -1).length - 1;
        assertTrue(images >= 3, "curves and confusion matrix inlined");
        assertEquals(images + ":true", decoded, "all " + images + " images decoded in Chromium");
        Path png = dir.resolve("report.png");
        chromium.screenshot(run.resolve("report.html"), png, 1100, 2000);
        assertTrue(Files.size(png) > 10_000, "a rendered page, not a blank one");
    }

    @Test
    @Order(4)
    void sigkillDuringDistillationThenRerunResumesFromTheCheckpoint() throws Exception {
        Path killed = dir.resolve("killed");
        ChildJvm pipeline = ChildJvm.of("pipeline", "--out", killed.toString(), "--synth-scale", "0.02", "--size", "32",
                "--teacher-model", "resnet10:0.125", "--teacher-epochs", "1", "--student-epochs", "4", "--finetune-epochs", "1", "--batch", "16");
        Path ckpt = killed.resolve("student.ckpt");
        pipeline.killOnceExists(ckpt, dir.resolve("first.log"));
        assertFalse(Files.exists(killed.resolve("stages/distill.json")), "killed before distillation was recorded");

        ChildJvm.Result rerun = pipeline.run(dir.resolve("second.log"));
        String out = rerun.text();
        assertEquals(0, rerun.code(), out);
        assertTrue(out.contains("stage teacher: done in an earlier run, kept"), out);
        assertTrue(out.contains("resuming from " + ckpt), out);
        ModelProto fin = OnnxModels.read(killed.resolve("final.onnx"));
        assertTrue(ModelChecker.problems(fin).isEmpty());
        assertTrue(Files.readAllLines(killed.resolve("predict.csv")).size() > 1);
        try (var files = Files.list(killed)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no half-written files left");
        }
    }
}
