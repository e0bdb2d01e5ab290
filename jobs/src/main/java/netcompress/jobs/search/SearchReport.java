package netcompress.jobs.search;

import netcompress.io.AtomicFiles;
import netcompress.jobs.HtmlPage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import static netcompress.jobs.HtmlPage.esc;

/**
 * The search's table ({@code candidates.csv}) and report ({@code report.html}: the winner, the cost, every candidate's
 * figures, and two Pareto plots drawn as inline SVG, first-round validation accuracy against parameters and against
 * batch-1 latency, the first round being the one every candidate ran at the same length).
 */
final class SearchReport {
    private static final int W = 560;
    private static final int H = 340;
    private static final int PAD = 56;

    private SearchReport() {
    }

    static Path write(Path out, SearchOptions o, List<SearchJob.Row> rows, Candidate winner, ProxyResult winnerResult, double seconds) {
        AtomicFiles.writeString(out.resolve("candidates.csv"), true, csv(rows));
        Path report = out.resolve("report.html");
        AtomicFiles.writeString(report, true, html(o, rows, winner, winnerResult, seconds));
        return report;
    }

    static String csv(List<SearchJob.Row> rows) {
        StringBuilder b = new StringBuilder("model,route,parameters,macs,latency_batch1_ms,latency_batch64_ms,first_round_val_acc,rounds,"
                + "last_round_val_acc,proxy_seconds,status\n");
        for (SearchJob.Row r : rows) {
            Candidate c = r.candidate();
            ProxyResult last = r.last();
            b.append(c.model()).append(',').append(c.route().cliName()).append(',').append(last != null ? last.parameters() : c.parameters())
                    .append(',').append(last != null ? last.macs() : c.macs()).append(',')
                    .append(num(latency1(r))).append(',').append(num(latency64(r))).append(',')
                    .append(r.first() != null ? num(r.first().validationAccuracy()) : "").append(',')
                    .append(last != null ? last.round() + 1 : 0).append(',')
                    .append(last != null ? num(last.validationAccuracy()) : "").append(',')
                    .append(num(r.proxySeconds())).append(',').append(r.status().replace(',', ';')).append('\n');
        }
        return b.toString();
    }

    private static String html(SearchOptions o, List<SearchJob.Row> rows, Candidate winner, ProxyResult result, double seconds) {
        StringBuilder h = new StringBuilder(HtmlPage.head("netcompress search report"));
        h.append("<p>Search folder: <code>").append(esc(o.out().toAbsolutePath().toString())).append("</code></p>\n<h2>Winner</h2>\n<table>");
        row(h, "Model", winner.model() + " (" + winner.route().cliName() + ")");
        row(h, "Validation accuracy", pct(result.validationAccuracy()) + (result.round() == ProxyResult.FULL ? " (full run, "
                + result.epochs() + " epochs)" : " (proxy round " + (result.round() + 1) + ")"));
        row(h, "Parameters", String.format(Locale.ROOT, "%,d (budget %,d)", result.parameters(), o.budget()));
        row(h, "MACs per image", String.format(Locale.ROOT, "%,d", result.macs()) + (o.budgetMacs() == null ? ""
                : String.format(Locale.ROOT, " (budget %,d)", o.budgetMacs())));
        row(h, "Latency, batch 1 / 64", String.format(Locale.ROOT, "%.2f / %.2f ms", result.latencyBatch1Ms(), result.latencyBatch64Ms()));
        row(h, "Search wall time", String.format(Locale.ROOT, "%.0f s (this invocation)", seconds));
        row(h, "Proxy", String.format(Locale.ROOT, "%s, %s, %.0f%% of the training images; ranked on validation only",
                SearchOptions.epochsText(o.proxyEpochs()), o.rounds() == 1 ? "1 round" : "doubling over " + o.rounds() + " rounds",
                100 * o.proxyShare()));
        h.append("</table>\n<h2>Pareto plots</h2>\n<p>First-round validation accuracy (every candidate, same proxy length). "
                + "Filled: on the Pareto front (no other candidate is both more accurate and smaller or faster); the ring marks the winner.</p>\n");
        List<SearchJob.Row> ran = rows.stream().filter(r -> r.first() != null).toList();
        h.append(plot("parameters", ran, r -> r.first().parameters(), winner, "%,.0f"));
        h.append(plot("latency, batch 1 (ms)", ran, SearchReport::latency1, winner, "%.2f"));
        h.append("<h2>Candidates</h2>\n<table><tr><th>model</th><th>route</th><th>parameters</th><th>MACs</th><th>latency b1 (ms)</th>"
                + "<th>latency b64 (ms)</th><th>round 1 val</th><th>rounds</th><th>last val</th><th>proxy s</th><th>status</th></tr>\n");
        for (SearchJob.Row r : rows) {
            ProxyResult last = r.last();
            h.append("<tr><td>").append(esc(r.candidate().model())).append("</td><td>").append(r.candidate().route().cliName()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", last != null ? last.parameters() : r.candidate().parameters())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", last != null ? last.macs() : r.candidate().macs())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", latency1(r))).append("</td><td>").append(String.format(Locale.ROOT, "%.2f", latency64(r)))
                    .append("</td><td>").append(r.first() != null ? pct(r.first().validationAccuracy()) : "").append("</td><td>")
                    .append(last != null ? last.round() + 1 : 0).append("</td><td>").append(last != null ? pct(last.validationAccuracy()) : "")
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.0f", r.proxySeconds())).append("</td><td>").append(esc(r.status()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** Accuracy (y) against {@code x}; the Pareto front (higher accuracy at lower x) filled and joined. */
    static String plot(String xName, List<SearchJob.Row> rows, ToDoubleFunction<SearchJob.Row> x, Candidate winner, String xFormat) {
        if (rows.isEmpty()) {
            return "";
        }
        double xMin = rows.stream().mapToDouble(x).min().orElse(0);
        double xMax = rows.stream().mapToDouble(x).max().orElse(1);
        double yMin = rows.stream().mapToDouble(r -> r.first().validationAccuracy()).min().orElse(0);
        double yMax = rows.stream().mapToDouble(r -> r.first().validationAccuracy()).max().orElse(1);
        double xSpan = xMax > xMin ? xMax - xMin : Math.max(1e-9, Math.abs(xMax));
        double ySpan = yMax > yMin ? yMax - yMin : 0.01;
        xMin -= 0.05 * xSpan;
        xSpan *= 1.1;
        yMin -= 0.05 * ySpan;
        ySpan *= 1.1;
        List<SearchJob.Row> front = front(rows, x);
        StringBuilder s = new StringBuilder("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H
                + "\" role=\"img\" aria-label=\"validation accuracy against " + esc(xName) + "\" font-size=\"11\" font-family=\"sans-serif\">\n");
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n", PAD, W - PAD - 10,
                H - PAD - 10));
        for (int i = 0; i <= 4; i++) {
            double fx = xMin + xSpan * i / 4;
            double fy = yMin + ySpan * i / 4;
            // the last tick's label ends at the frame: centred, it ran past the plot's right edge
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>\n", px(fx, xMin, xSpan), H - PAD + 16,
                    i == 4 ? "end" : "middle", esc(String.format(Locale.ROOT, xFormat, fx))));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f%%</text>\n", PAD - 4, py(fy, yMin, ySpan) + 4,
                    100 * fy));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", (W + PAD) / 2, H - 12, esc(xName)));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">validation accuracy</text>\n",
                H / 2, H / 2));
        StringBuilder line = new StringBuilder();
        for (SearchJob.Row r : front) {
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(x.applyAsDouble(r), xMin, xSpan), py(r.first().validationAccuracy(), yMin, ySpan)));
        }
        s.append("<polyline fill=\"none\" stroke=\"#1a6\" stroke-width=\"1.5\" points=\"").append(line.toString().trim()).append("\"/>\n");
        LabelPlacer labels = new LabelPlacer(12, H - PAD, W - 2);
        for (SearchJob.Row r : rows) {
            double cx = px(x.applyAsDouble(r), xMin, xSpan);
            double cy = py(r.first().validationAccuracy(), yMin, ySpan);
            boolean onFront = front.contains(r);
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"#1a6\"><title>%s</title></circle>\n", cx, cy,
                    onFront ? "#1a6" : "#fff", esc(r.candidate().model() + " " + r.candidate().route().cliName() + ": " + pct(r.first().validationAccuracy()))));
            if (r.candidate().equals(winner)) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"8\" fill=\"none\" stroke=\"#c30\" stroke-width=\"2\"/>\n", cx, cy));
            }
            String label = r.candidate().model() + (r.candidate().route() == Candidate.Route.PRUNE ? " (p)" : "");
            double[] at = labels.place(cx, cy, label);
            if (Math.abs(at[1] - (cy - 6)) > LabelPlacer.LINE / 2) { // moved off a neighbour's label: a leader line says whose it is
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\"/>\n", cx, cy,
                        at[0] < cx ? at[0] + LabelPlacer.width(label) : at[0], at[1] - 4));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#444\">%s</text>\n", at[0], at[1], esc(label)));
        }
        s.append("</svg><figcaption>Validation accuracy against ").append(esc(xName)).append(" ((p): pruned to the budget)</figcaption></figure>\n");
        return s.toString();
    }

    /**
     * Where each label of one plot goes: beside its point, or the nearest line above or below where it covers no label
     * placed before it (candidates near the budget share an x, so their labels would print over each other).
     */
    private static final class LabelPlacer {
        static final double LINE = 12;
        private static final double CHAR = 6.2; // width of an 11 px sans-serif character, about
        private final double top;
        private final double bottom;
        private final double right;
        private final List<double[]> placed = new ArrayList<>();

        LabelPlacer(double top, double bottom, double right) {
            this.top = top;
            this.bottom = bottom;
            this.right = right;
        }

        static double width(String text) {
            return CHAR * text.length();
        }

        /** Where the label of the point (cx, cy) starts: {x, baseline y}; left of the point where it would leave the plot. */
        double[] place(double cx, double cy, String text) {
            double w = width(text);
            double x = cx + 6 + w > right ? cx - 6 - w : cx + 6;
            double y = Math.min(Math.max(cy - 6, top), bottom);
            for (int i = 0; i < 40; i++) {
                double candidate = y + LINE * ((i + 1) / 2) * (i % 2 == 0 ? -1 : 1); // y, y+1 line, y-1 line, y+2 lines ...
                if (candidate >= top && candidate <= bottom && placed.stream().noneMatch(b -> overlaps(b, x, candidate, w))) {
                    placed.add(new double[] {x, candidate, w});
                    return new double[] {x, candidate};
                }
            }
            placed.add(new double[] {x, y, w});
            return new double[] {x, y};
        }

        private static boolean overlaps(double[] b, double x, double y, double w) {
            return x < b[0] + b[2] && b[0] < x + w && Math.abs(y - b[1]) < LINE;
        }
    }

    /** The rows no other row beats on both axes (higher accuracy at no larger x), by x. */
    static List<SearchJob.Row> front(List<SearchJob.Row> rows, ToDoubleFunction<SearchJob.Row> x) {
        List<SearchJob.Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(x).thenComparing(r -> -r.first().validationAccuracy()));
        List<SearchJob.Row> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (SearchJob.Row r : sorted) {
            if (r.first().validationAccuracy() > best) {
                front.add(r);
                best = r.first().validationAccuracy();
            }
        }
        return front;
    }

    private static double px(double v, double min, double span) {
        return PAD + (v - min) / span * (W - PAD - 10);
    }

    private static double py(double v, double min, double span) {
        return 10 + (1 - (v - min) / span) * (H - PAD - 10);
    }

    /** Latency of the model the candidate ends with (pruned on the prune route) once it ran, else as built. */
    private static double latency1(SearchJob.Row r) {
        return r.first() != null ? r.first().latencyBatch1Ms() : r.latency().batch1Ms();
    }

    private static double latency64(SearchJob.Row r) {
        return r.first() != null ? r.first().latencyBatch64Ms() : r.latency().batch64Ms();
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
