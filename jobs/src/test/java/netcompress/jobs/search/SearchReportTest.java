package netcompress.jobs.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchReportTest {
    private static SearchJob.Row row(String model, long params, double acc) {
        Candidate c = new Candidate(model, Candidate.Route.DIRECT, params, 1000);
        ProxyResult r = new ProxyResult(c.id(), 0, 1, acc, 1, params, 1000, 1, 10, "m.onnx");
        return new SearchJob.Row(c, new LatencyProbe.Latency(1, 10), r, r, 1, "finalist");
    }

    @Test
    void theFrontKeepsOnlyCandidatesNoOtherBeatsOnBothAxes() {
        SearchJob.Row a = row("vgg:0.5", 50_000, 0.60);
        SearchJob.Row b = row("vgg:0.7", 70_000, 0.58);   // larger and worse than a: dominated
        SearchJob.Row c = row("mbv2:1", 90_000, 0.66);
        SearchJob.Row d = row("dwsep:1", 40_000, 0.55);
        List<SearchJob.Row> front = SearchReport.front(List.of(a, b, c, d), r -> r.first().parameters());
        assertEquals(List.of(d, a, c), front);
    }

    @Test
    void thePlotIsAnSvgWithOnePointPerCandidateAndTheWinnerRinged() {
        SearchJob.Row a = row("vgg:0.5", 50_000, 0.60);
        SearchJob.Row c = row("mbv2:1", 90_000, 0.66);
        String svg = SearchReport.plot("parameters", List.of(a, c), r -> r.first().parameters(), c.candidate(), "%,.0f");
        assertTrue(svg.startsWith("<figure><svg"));
        assertEquals(2, svg.split("<circle cx=\"[0-9.]+\" cy=\"[0-9.]+\" r=\"4\"", -1).length - 1);
        assertEquals(1, svg.split("r=\"8\"", -1).length - 1);
        String csv = SearchReport.csv(List.of(a, c));
        assertEquals(3, csv.lines().count());
        assertTrue(csv.lines().skip(1).allMatch(l -> l.split(",", -1).length == 11), csv);
    }
}
