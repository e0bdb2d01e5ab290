package netcompress.jobs.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void imagesAreInlinedTablesRenderedAndTextEscaped() throws Exception {
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("curve.png").toFile());
        StageRecord r = new StageRecord("distill", "2026-11-28T00:00:00Z", 12.5, List.of("curve.png"), Map.of(
                "validation accuracy", 0.5,
                "model", "<student>.onnx",
                "images", Map.of("Learning curve", "curve.png"),
                "tables", Map.of("Layers", Map.of("columns", List.of("node", "params"), "rows", List.of(List.of("conv_0", 864))))));
        String html = HtmlReport.render(dir, List.of(new AbstractMap.SimpleEntry<>("Final parameter count", 99_000L)), List.of(r),
                Map.of("seed", 0), Map.of("java", "17"));
        assertTrue(html.contains("src=\"data:image/png;base64,"), "image inlined");
        assertFalse(html.contains("src=\"curve.png\""), "no file references: one self-contained file");
        assertTrue(html.contains("&lt;student&gt;.onnx"));
        assertTrue(html.contains("<td>conv_0</td><td>864</td>"));
        assertTrue(html.contains("99,000"));
        assertTrue(html.contains("<td>50.00%</td>"), "accuracies as percentages");
    }
}
