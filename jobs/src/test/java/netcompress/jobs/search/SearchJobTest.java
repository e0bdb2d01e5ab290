package netcompress.jobs.search;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.datasets.synth.SynthFood11Generator;
import netcompress.datasets.synth.SynthOptions;
import netcompress.errors.BadInputException;
import netcompress.jobs.train.JobOptions;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.testdata.browser.HeadlessChromium;
import netcompress.trainer.loss.KdMethod;
import netcompress.trainer.teacher.TeacherPrecision;
import netcompress.trainer.zoo.ModelZoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A small search end to end on a synthetic food-11 whose test images are all corrupt (reading one would fail the
 * search), then a rerun that keeps every finished run and trains only the one whose record was lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchJobTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path teacher;
    static SearchJob.Outcome first;
    static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void searchOnce() throws Exception {
        data = dir.resolve("food-11");
        SynthFood11Generator.generate(data, SynthOptions.defaults().withScale(0.02).withSize(48, 40).withThreads(2), false, (d, t) -> { });
        try (Stream<Path> tests = Files.walk(data.resolve("testing"))) {
            for (Path p : tests.filter(Files::isRegularFile).toList()) {
                Files.write(p, new byte[] {0x13, 0x37}); // a search that decodes a test image dies here
            }
        }
        teacher = dir.resolve("teacher.onnx");
        OnnxModels.write(ModelZoo.build("resnet10:0.125", 3, 11, 32, 1), teacher, false);
        first = SearchJob.run(options(false), log::add);
    }

    /** A small distillation recipe on {@code data} with {@code teacher}: one epoch, batch 16, 32 px. */
    static JobOptions recipe(Path data, Path teacher) {
        return new JobOptions("studentnet", null, data, data.resolveSibling("unused.onnx"), 1, 16, 32, 3e-3, null, "adam", 0, 0.01, 1, 2, null,
                "cpu", false, false, List.of(teacher), KdMethod.KD, 0.5, 4, 1, 8, "auto", 0.9, 1, true, TeacherPrecision.FP32, null, null, null);
    }

    static SearchOptions options(boolean force) {
        return new SearchOptions(recipe(data, teacher), 20_000, null, null, List.of(), List.of("dwsep:0.25", "mbv2:0.25", "vgg:0.5"), 1, 0.5, 2, 0, 1, null,
                dir.resolve("search"), force);
    }

    @Test
    @Order(1)
    void ranksOnValidationWritesTheWinnerUnderTheBudgetAndTheReport() throws Exception {
        assertEquals(3, first.rows().size());
        long ran2 = first.rows().stream().filter(r -> r.last() != null && r.last().round() == 1).count();
        assertEquals(2, ran2, "the better two of three go to round 2: " + log);
        assertTrue(first.rows().stream().anyMatch(r -> r.status().equals("left after round 1")));
        ModelProto w = OnnxModels.read(first.winnerFile());
        assertTrue(ParameterCount.of(w).parameters() <= 20_000);
        String history = ModelMetadata.get(w, ModelMetadata.PROVENANCE).orElseThrow();
        assertTrue(history.contains("\"search\""), history);
        assertTrue(history.contains("trainShare"), "proxy runs train on a share of the images: " + history);
        // vgg:0.5 is over 20,000 parameters: pruned to the budget, its latency measured after pruning
        SearchJob.Row vgg = first.rows().stream().filter(r -> r.candidate().model().equals("vgg:0.5")).findFirst().orElseThrow();
        assertEquals(Candidate.Route.PRUNE, vgg.candidate().route());
        assertTrue(vgg.first().parameters() <= 20_000 && vgg.candidate().parameters() > 20_000);
        String html = Files.readString(first.report());
        assertEquals(2, html.split("<svg", -1).length - 1, "two Pareto plots");
        assertEquals(4, Files.readAllLines(dir.resolve("search/candidates.csv")).size());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("plan: 3 candidates, 2 rounds of successive halving (3 x 1 epoch, 2 x 2 epochs)")), log.toString());
        assertFalse(log.stream().anyMatch(l -> l.contains("test accuracy")), "the test split is never evaluated");
    }

    @Test
    @Order(2)
    void theReportRendersItsTwoPlotsInChromium() throws Exception {
        assumeTrue(HeadlessChromium.skipReason() == null, HeadlessChromium.skipReason());
        HeadlessChromium chromium = HeadlessChromium.in(dir);
        // after load: the SVG plots laid out with a size, and the points of each
        String plots = chromium.valueAfterLoad(first.report(), dir.resolve("probe.html"),
                "(s=>s.filter(x=>x.getBoundingClientRect().width>100).length+':'+s.map(x=>x.querySelectorAll('circle[r=\\'4\\']').length))"
                        + "([...document.querySelectorAll('svg')])");
        assertEquals("2:3,3", plots, "two plots of three points each laid out");
        Path png = dir.resolve("search-report.png");
        chromium.screenshot(first.report(), png, 1100, 1400);
        assertTrue(Files.size(png) > 10_000, "a rendered page, not a blank one");
    }

    @Test
    @Order(3)
    void aRerunKeepsFinishedRunsAndTrainsOnlyWhatIsMissing() throws Exception {
        Path runs = dir.resolve("search/runs");
        Path lost = runs.resolve("dwsep-0.25-direct/round-0.json");
        Files.delete(lost);
        String kept = sha(runs.resolve("mbv2-0.25-direct/round-0/student.onnx"));
        List<String> again = new ArrayList<>();
        SearchJob.Outcome second = SearchJob.run(options(false), again::add);
        assertTrue(Files.exists(lost));
        assertEquals(kept, sha(runs.resolve("mbv2-0.25-direct/round-0/student.onnx")), "a finished run is not trained again");
        assertTrue(again.stream().anyMatch(l -> l.equals("round 1: mbv2:0.25 done in an earlier run, kept (" + pct(first, "mbv2:0.25") + ")")),
                again.toString());
        assertEquals(1, again.stream().filter(l -> l.startsWith("round 1: dwsep:0.25 (direct), 1 epoch on")).count(), again.toString());
        assertEquals(first.rows().size(), second.rows().size());
        // other settings in the same folder are refused; --force starts over
        SearchOptions other = new SearchOptions(options(false).recipe(), 30_000, null, null, List.of(), List.of("mbv2:0.25"), 1, 0.5, 1, 0, 1, null,
                dir.resolve("search"), false);
        BadInputException e = assertThrows(BadInputException.class, () -> SearchJob.run(other, s -> { }));
        assertTrue(e.template().contains("{force}"), e.getMessage());
    }

    private static String pct(SearchJob.Outcome o, String model) {
        double acc = o.rows().stream().filter(r -> r.candidate().model().equals(model)).findFirst().orElseThrow().first().validationAccuracy();
        return String.format(Locale.ROOT, "%.2f%%", 100 * acc);
    }

    private static String sha(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
