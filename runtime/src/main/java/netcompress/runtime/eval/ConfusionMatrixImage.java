package netcompress.runtime.eval;

import netcompress.io.AtomicFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws a confusion matrix as a PNG: cells shaded by the share of their true class, counts written in. */
public final class ConfusionMatrixImage {
    private static final int CELL = 44;
    private static final int MARGIN = 90;

    private ConfusionMatrixImage() {
    }

    public static BufferedImage render(Evaluation e) {
        System.setProperty("java.awt.headless", "true");
        int k = e.classNames().size();
        int size = MARGIN + k * CELL + 20;
        BufferedImage img = new BufferedImage(size, size + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "accuracy %.4f  (rows: true, columns: predicted)", e.accuracy()), 10, 18);
            int top = 30 + MARGIN - 40;
            for (int r = 0; r < k; r++) {
                long rowTotal = 0;
                for (long v : e.confusion()[r]) {
                    rowTotal += v;
                }
                for (int c = 0; c < k; c++) {
                    long v = e.confusion()[r][c];
                    double share = rowTotal == 0 ? 0 : (double) v / rowTotal;
                    int shade = (int) Math.round(255 * (1 - share));
                    g.setColor(r == c ? new Color(shade, shade, 255) : new Color(255, shade, shade));
                    int x = MARGIN + c * CELL;
                    int y = top + r * CELL;
                    g.fillRect(x, y, CELL, CELL);
                    g.setColor(Color.LIGHT_GRAY);
                    g.drawRect(x, y, CELL, CELL);
                    g.setColor(share > 0.6 ? Color.WHITE : Color.BLACK);
                    String s = Long.toString(v);
                    g.drawString(s, x + (CELL - fm.stringWidth(s)) / 2, y + (CELL + fm.getAscent()) / 2 - 2);
                }
                g.setColor(Color.BLACK);
                String name = clip(e.classNames().get(r), 10);
                g.drawString(name, MARGIN - 6 - fm.stringWidth(name), top + r * CELL + (CELL + fm.getAscent()) / 2 - 2);
            }
            for (int c = 0; c < k; c++) {
                String name = clip(e.classNames().get(c), 6);
                g.drawString(name, MARGIN + c * CELL + (CELL - fm.stringWidth(name)) / 2, top - 6);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    public static void write(Path file, boolean force, Evaluation e) {
        BufferedImage img = render(e);
        AtomicFiles.write(file, force, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
