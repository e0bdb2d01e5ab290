package netcompress.trainer.loop;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Draws loss and accuracy per epoch (train and validation) side by side as a PNG, headless. */
public final class LearningCurve {
    private static final int W = 1000;
    private static final int H = 420;
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VAL = new Color(255, 127, 14);

    private LearningCurve() {
    }

    public static byte[] png(History history, String title) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 20, 22);
        List<History.Row> rows = history.rows();
        panel(g, rows, 20, "loss", History.Row::trainLoss, History.Row::valLoss);
        panel(g, rows, W / 2 + 10, "accuracy", History.Row::trainAcc, History.Row::valAcc);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void panel(Graphics2D g, List<History.Row> rows, int x0, String name, ToDoubleFunction<History.Row> train,
                              ToDoubleFunction<History.Row> val) {
        int left = x0 + 50;
        int top = 50;
        int width = W / 2 - 90;
        int height = H - 110;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (History.Row r : rows) {
            for (double v : new double[] {train.applyAsDouble(r), val.applyAsDouble(r)}) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!(max > min)) {
            min = Double.isFinite(min) ? min - 0.5 : 0;
            max = min + 1;
        }
        g.setColor(new Color(235, 235, 235));
        g.fillRect(left, top, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            double v = min + (max - min) * i / 4;
            int y = top + height - (int) (height * i / 4.0);
            g.drawString(String.format(Locale.ROOT, "%.3g", v), x0, y + 4);
        }
        int n = rows.size();
        for (int i = 0; i < n; i++) {
            int x = left + (n == 1 ? width / 2 : (int) ((double) width * i / (n - 1)));
            if (n <= 20 || i % Math.max(1, n / 10) == 0) {
                g.drawString(Integer.toString(rows.get(i).epoch()), x - 3, top + height + 15);
            }
        }
        g.drawString(name + " per epoch", left + width / 2 - 40, top - 8);
        series(g, rows, train, TRAIN, left, top, width, height, min, max);
        series(g, rows, val, VAL, left, top, width, height, min, max);
        g.setColor(TRAIN);
        g.drawString("train", left + 10, top + height + 35);
        g.setColor(VAL);
        g.drawString("validation", left + 60, top + height + 35);
    }

    private static void series(Graphics2D g, List<History.Row> rows, ToDoubleFunction<History.Row> f, Color color, int left, int top,
                               int width, int height, double min, double max) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int n = rows.size();
        int px = -1;
        int py = -1;
        for (int i = 0; i < n; i++) {
            double v = f.applyAsDouble(rows.get(i));
            if (!Double.isFinite(v)) {
                continue;
            }
            int x = left + (n == 1 ? width / 2 : (int) ((double) width * i / (n - 1)));
            int y = top + height - (int) (height * (v - min) / (max - min));
            g.fillOval(x - 3, y - 3, 6, 6);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }
}
