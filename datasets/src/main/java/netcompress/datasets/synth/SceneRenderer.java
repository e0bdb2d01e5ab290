package netcompress.datasets.synth;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

import static netcompress.datasets.synth.Brush.alpha;
import static netcompress.datasets.synth.Brush.between;
import static netcompress.datasets.synth.Brush.blob;
import static netcompress.datasets.synth.Brush.chance;
import static netcompress.datasets.synth.Brush.ellipse;
import static netcompress.datasets.synth.Brush.fill;
import static netcompress.datasets.synth.Brush.jitter;
import static netcompress.datasets.synth.Brush.pick;
import static netcompress.datasets.synth.Brush.rotated;
import static netcompress.datasets.synth.Brush.shade;
import static netcompress.datasets.synth.Brush.stroke;
import static netcompress.datasets.synth.Brush.u;

/**
 * One photo-like picture of a dish: a table, clutter that has nothing to do with the class, the
 * class's dish at a random place, size, rotation and tilt, sometimes a small side dish of another
 * class, then uneven lighting, a colour cast and sensor noise. Everything random comes from the one
 * seed, so a picture depends on (class, seed, size) only.
 */
public final class SceneRenderer {
    private SceneRenderer() {
    }

    public static BufferedImage render(FoodClass food, long seed, int width, int height) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
            table(g, r, width, height);
            int clutter = between(r, 0, 4);
            for (int i = 0; i < clutter; i++) {
                clutterItem(g, r, width, height);
            }
            double side = Math.min(width, height);
            dish(g, r, food, width * (0.5 + u(r, -0.15, 0.15)), height * (0.5 + u(r, -0.12, 0.12)), side * u(r, 0.3, 0.48));
            if (chance(r, 0.2)) {
                FoodClass other = FoodClass.of((food.label() + 1 + r.nextInt(FoodClass.COUNT - 1)) % FoodClass.COUNT);
                double x = chance(r, 0.5) ? u(r, 0.05, 0.22) : u(r, 0.78, 0.95);
                double y = chance(r, 0.5) ? u(r, 0.08, 0.25) : u(r, 0.75, 0.92);
                dish(g, r, other, width * x, height * y, side * u(r, 0.12, 0.2));
            }
        } finally {
            g.dispose();
        }
        lightAndNoise(img, r);
        return img;
    }

    /** The image size for one picture: around the nominal size, in one of the aspects real photos have. */
    public static int[] pictureSize(SplittableRandom r, int width, int height) {
        double k = u(r, 0.78, 1.0);
        double p = r.nextDouble();
        int w;
        int h;
        if (p < 0.55) {
            w = width;
            h = height;
        } else if (p < 0.75) {
            w = height;
            h = width;
        } else if (p < 0.9) {
            w = Math.min(width, height);
            h = w;
        } else {
            w = width;
            h = width * 9 / 16;
        }
        return new int[]{Math.max(32, (int) Math.round(w * k)), Math.max(32, (int) Math.round(h * k))};
    }

    private static void dish(Graphics2D g, SplittableRandom r, FoodClass food, double cx, double cy, double radius) {
        AffineTransform saved = g.getTransform();
        g.translate(cx, cy);
        g.scale(radius, radius * u(r, 0.62, 1.0)); // tilt: a plate seen at an angle is an ellipse
        g.rotate(u(r, 0, 2 * Math.PI));
        fill(g, ellipse(0.06, 0.08, 1.0, 1.0), new Color(0, 0, 0, 50)); // shadow
        Dishes.paint(food, g, r);
        g.setTransform(saved);
    }

    private static void table(Graphics2D g, SplittableRandom r, int w, int h) {
        int kind = r.nextInt(5);
        Color base = switch (kind) {
            case 0 -> jitter(r, 0x8B5E3C, 0.03, 0.15, 0.15);  // wood
            case 1 -> jitter(r, 0xB8B8B8, 0.0, 0.05, 0.2);    // stone
            case 2 -> Color.getHSBColor((float) r.nextDouble(), (float) u(r, 0.15, 0.5), (float) u(r, 0.6, 0.95)); // cloth
            case 3 -> jitter(r, 0x2A2A2E, 0.0, 0.05, 0.08);   // dark
            default -> jitter(r, 0xEDEBE6, 0.02, 0.05, 0.06); // white
        };
        g.setColor(base);
        g.fillRect(0, 0, w, h);
        if (kind == 0) {
            for (int i = 0; i < 30; i++) {
                double y = u(r, 0, h);
                stroke(g, new QuadCurve2D.Double(0, y, w / 2.0, y + u(r, -20, 20), w, y + u(r, -10, 10)),
                        alpha(shade(base, u(r, 0.7, 1.25)), 0.5), u(r, 1, 4));
            }
        } else if (kind == 1) {
            for (int i = 0; i < 6; i++) {
                stroke(g, new QuadCurve2D.Double(u(r, 0, w), u(r, 0, h), u(r, 0, w), u(r, 0, h), u(r, 0, w), u(r, 0, h)),
                        alpha(shade(base, u(r, 0.6, 1.3)), 0.5), u(r, 1, 3));
            }
        } else if (kind == 2 && chance(r, 0.6)) {
            Color stripe = alpha(shade(base, u(r, 0.6, 0.85)), 0.7);
            int step = between(r, 20, 60);
            g.setColor(stripe);
            for (int x = 0; x < w; x += 2 * step) {
                g.fillRect(x, 0, step, h);
            }
            if (chance(r, 0.5)) {
                for (int y = 0; y < h; y += 2 * step) {
                    g.fillRect(0, y, w, step);
                }
            }
        }
        g.setPaint(new GradientPaint(0, 0, new Color(255, 255, 255, 40), (float) u(r, 0, w), h, new Color(0, 0, 0, 40)));
        g.fillRect(0, 0, w, h);
    }

    private static void clutterItem(Graphics2D g, SplittableRandom r, int w, int h) {
        double x = u(r, 0, w);
        double y = u(r, 0, h);
        double s = Math.min(w, h);
        switch (r.nextInt(5)) {
            case 0 -> { // knife or fork
                Color steel = jitter(r, 0xB9BCC2, 0.0, 0.03, 0.15);
                fill(g, rotated(new RoundRectangle2D.Double(x, y, s * u(r, 0.4, 0.7), s * 0.03, 8, 8), x, y, u(r, 0, Math.PI)), steel);
            }
            case 1 -> { // napkin
                Color c = Color.getHSBColor((float) r.nextDouble(), (float) u(r, 0, 0.6), (float) u(r, 0.5, 1));
                fill(g, rotated(new Rectangle2D.Double(x, y, s * u(r, 0.2, 0.4), s * u(r, 0.2, 0.4)), x, y, u(r, 0, Math.PI)), c);
            }
            case 2 -> { // glass
                double rad = s * u(r, 0.06, 0.12);
                fill(g, ellipse(x, y, rad, rad), new Color(200, 220, 235, 70));
                stroke(g, ellipse(x, y, rad, rad), new Color(230, 240, 250, 150), 2);
            }
            case 3 -> { // a stain or crumbs in any colour, so colour alone never identifies a class
                Color c = Color.getHSBColor((float) r.nextDouble(), (float) u(r, 0.3, 0.9), (float) u(r, 0.3, 0.9));
                fill(g, blob(r, x, y, s * u(r, 0.02, 0.07), s * u(r, 0.02, 0.07), 0.4, 8), alpha(c, 0.8));
            }
            default -> { // small sauce dish
                double rad = s * u(r, 0.05, 0.09);
                fill(g, ellipse(x, y, rad, rad), jitter(r, pick(r, 0xF4F3EF, 0x2E2E32)));
                fill(g, ellipse(x, y, rad * 0.7, rad * 0.7), jitter(r, pick(r, 0x3A1E10, 0xB8211B, 0xD9B23A)));
            }
        }
    }

    /** Brightness, a directional light fall-off, vignetting, a colour cast and noise, in one pass. */
    private static void lightAndNoise(BufferedImage img, SplittableRandom r) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        double bright = u(r, 0.72, 1.15);
        double gx = u(r, -0.3, 0.3);
        double gy = u(r, -0.3, 0.3);
        double vignette = u(r, 0.0, 0.45);
        double cr = u(r, 0.9, 1.1);
        double cg = u(r, 0.93, 1.07);
        double cb = u(r, 0.88, 1.12);
        double sigma = u(r, 1.5, 10);
        long s = r.nextLong() | 1L;
        double hw = w / 2.0;
        double hh = h / 2.0;
        for (int y = 0; y < h; y++) {
            double ny = (y - hh) / hh;
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double nx = (x - hw) / hw;
                double f = bright * (1 + gx * nx + gy * ny) * (1 - vignette * 0.5 * (nx * nx + ny * ny));
                s ^= s << 13;
                s ^= s >>> 7;
                s ^= s << 17;
                // the sum of two uniform bytes is a cheap bell-shaped noise; one value for all channels keeps it luma-like
                double n = (((s & 0xff) + ((s >>> 8) & 0xff)) - 255) * (sigma / 104.0);
                double chroma = (((s >>> 16) & 0xff) - 127.5) * (sigma / 500.0);
                int p = px[row + x];
                int red = clamp((((p >> 16) & 0xff) * cr) * f + n + chroma);
                int green = clamp((((p >> 8) & 0xff) * cg) * f + n);
                int blue = clamp(((p & 0xff) * cb) * f + n - chroma);
                px[row + x] = (red << 16) | (green << 8) | blue;
            }
        }
    }

    private static int clamp(double v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) v;
    }
}
