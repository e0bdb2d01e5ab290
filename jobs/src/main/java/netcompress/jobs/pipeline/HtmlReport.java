package netcompress.jobs.pipeline;

import netcompress.jobs.HtmlPage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static netcompress.jobs.HtmlPage.esc;

/**
 * The run's report as one self-contained HTML file: every image inlined as a data URI, every figure
 * taken from the stage records of this run. Stage metrics follow two conventions: {@code images} maps
 * a caption to a PNG under the run folder, {@code tables} maps a title to {columns, rows}; every other
 * scalar is listed as a figure of its stage.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(Path runDir, List<Map.Entry<String, Object>> summary, List<StageRecord> stages,
                         Map<String, Object> settings, Map<String, Object> environment) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append(HtmlPage.head("netcompress run report"))
                .append("<p>Run folder: <code>").append(esc(runDir.toAbsolutePath().toString()))
                .append("</code></p>\n<h2>Summary</h2>\n<table>");
        for (Map.Entry<String, Object> e : summary) {
            h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(format(e.getKey(), e.getValue())).append("</td></tr>");
        }
        h.append("</table>\n");
        for (StageRecord s : stages) {
            h.append("<h2 id=\"stage-").append(esc(s.stage())).append("\">Stage: ").append(esc(s.stage())).append("</h2>\n<p>")
                    .append(String.format("%.1f", s.seconds())).append(" s, finished ").append(esc(s.finishedAt())).append("</p>\n<table>");
            for (Map.Entry<String, Object> m : s.metrics().entrySet()) {
                if (!m.getKey().equals("images") && !m.getKey().equals("tables")) {
                    h.append("<tr><th>").append(esc(m.getKey())).append("</th><td>").append(format(m.getKey(), m.getValue())).append("</td></tr>");
                }
            }
            h.append("</table>\n");
            if (s.metrics().get("tables") instanceof Map<?, ?> tables) {
                for (Map.Entry<?, ?> t : tables.entrySet()) {
                    h.append("<h3>").append(esc(String.valueOf(t.getKey()))).append("</h3>\n");
                    table(h, (Map<?, ?>) t.getValue());
                }
            }
            if (s.metrics().get("images") instanceof Map<?, ?> images) {
                for (Map.Entry<?, ?> img : images.entrySet()) {
                    Path png = runDir.resolve(String.valueOf(img.getValue()));
                    h.append("<figure><img alt=\"").append(esc(String.valueOf(img.getKey()))).append("\" src=\"data:image/png;base64,")
                            .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png)))
                            .append("\"><figcaption>").append(esc(String.valueOf(img.getKey()))).append("</figcaption></figure>\n");
                }
            }
        }
        h.append("<h2>Settings</h2>\n<table>");
        settings.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(format(v)).append("</td></tr>"));
        h.append("</table>\n<h2>Versions</h2>\n<table>");
        environment.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(format(v)).append("</td></tr>"));
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, Map<?, ?> t) {
        h.append("<table><tr>");
        for (Object c : (List<?>) t.get("columns")) {
            h.append("<th>").append(esc(String.valueOf(c))).append("</th>");
        }
        h.append("</tr>");
        for (Object row : (List<?>) t.get("rows")) {
            h.append("<tr>");
            for (Object cell : (List<?>) row) {
                h.append("<td>").append(format(cell)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
    }

    /** Accuracies (fractions in the records) read as percentages. */
    private static String format(String key, Object v) {
        if (key.toLowerCase(Locale.ROOT).contains("accuracy") && v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
            return String.format(Locale.ROOT, "%.2f%%", 100 * n.doubleValue());
        }
        return format(v);
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return esc(Math.abs(d) >= 1000 ? String.format("%,.1f", d) : String.format("%.4g", d));
        }
        if (v instanceof Float f) {
            return format(f.doubleValue());
        }
        if (v instanceof Long || v instanceof Integer) {
            return esc(String.format("%,d", ((Number) v).longValue()));
        }
        return esc(String.valueOf(v));
    }
}
