package netcompress.jobs.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    @Test
    void labelsOfCandidatesCloseTogetherDoNotPrintOverEachOther() {
        List<SearchJob.Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // every candidate just under the budget, a point apart: one spot on the plot
            rows.add(row("family" + i + ":1.1", 99_000 + 100 * i, 0.70 + 0.001 * i));
        }
        rows.add(row("vgg:0.5", 50_000, 0.40));
        String svg = SearchReport.plot("parameters", rows, r -> r.first().parameters(), rows.get(0).candidate(), "%,.0f");
        Matcher m = Pattern.compile("<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" fill=\"#444\">([^<]+)</text>").matcher(svg);
        List<double[]> boxes = new ArrayList<>();
        while (m.find()) {
            boxes.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), 6.2 * m.group(3).length()});
        }
        assertEquals(rows.size(), boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            double[] box = boxes.get(i);
            assertTrue(box[0] >= 0 && box[0] + box[2] <= 560 && box[1] >= 11, "label " + i + " leaves the 560 px plot:\n" + svg);
            for (int j = i + 1; j < boxes.size(); j++) {
                double[] a = boxes.get(i);
                double[] b = boxes.get(j);
                boolean overlap = a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && Math.abs(a[1] - b[1]) < 12;
                assertTrue(!overlap, "labels " + i + " and " + j + " overlap:\n" + svg);
            }
        }
        assertTrue(svg.contains("<line "), "a moved label gets a leader line");
    }
}
