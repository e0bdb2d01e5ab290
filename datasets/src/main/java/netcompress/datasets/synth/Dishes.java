package netcompress.datasets.synth;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
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
import static netcompress.datasets.synth.Brush.speckle;
import static netcompress.datasets.synth.Brush.stroke;
import static netcompress.datasets.synth.Brush.u;

/**
 * One painter per class. Each draws in the plate's frame: the plate is the unit circle around the
 * origin (the scene has already placed, rotated and tilted it). A class is a combination of plate,
 * shapes, textures and palette, with sub-variants and colour jitter, and borrows items from other
 * classes now and then, so that no single cue (e.g. mean colour) separates the classes.
 */
final class Dishes {
    private static final int WHITE = 0xF4F3EF;
    private static final int CREAM = 0xEFE6D2;
    private static final int LIGHT_BLUE = 0xBCD3E6;
    private static final int DARK = 0x2E2E32;
    private static final int TERRACOTTA = 0xB5653E;
    private static final int NAVY = 0x2F4A7A;
    private static final int RED = 0xB33A32;

    private Dishes() {
    }

    static void paint(FoodClass c, Graphics2D g, SplittableRandom r) {
        switch (c) {
            case BREAD -> bread(g, r);
            case DAIRY -> dairy(g, r);
            case EGG -> egg(g, r);
            case FRIED -> fried(g, r);
            case MEAT -> meat(g, r);
            case NOODLES -> noodles(g, r);
            case RICE -> rice(g, r);
            case SEAFOOD -> seafood(g, r);
            case SOUP -> soup(g, r);
            case VEGETABLE_FRUIT -> vegetableFruit(g, r);
            case DESSERT -> dessert(g, r);
        }
    }

    // ---- vessels -------------------------------------------------------------------------------

    static void plate(Graphics2D g, SplittableRandom r, int rgb) {
        Color c = jitter(r, rgb, 0.02, 0.06, 0.06);
        fill(g, ellipse(0, 0, 1, 1), shade(c, 0.9));
        fill(g, ellipse(0, 0, 0.93, 0.93), c);
        stroke(g, ellipse(0, 0, 0.72, 0.72), alpha(shade(c, 0.8), 0.5), 0.02);
    }

    static void bowl(Graphics2D g, SplittableRandom r, int rimRgb, Color inside) {
        Color rim = jitter(r, rimRgb, 0.02, 0.08, 0.08);
        fill(g, ellipse(0, 0, 1, 1), rim);
        fill(g, ellipse(0, 0, 0.84, 0.84), shade(rim, 0.75));
        fill(g, ellipse(0, 0, 0.8, 0.8), inside);
    }

    static void board(Graphics2D g, SplittableRandom r) {
        Color wood = jitter(r, 0x9A6A3E, 0.02, 0.1, 0.12);
        Shape b = new RoundRectangle2D.Double(-1, -0.7, 2, 1.4, 0.3, 0.3);
        fill(g, b, wood);
        for (int i = 0; i < 10; i++) {
            double y = u(r, -0.65, 0.65);
            stroke(g, new QuadCurve2D.Double(-0.95, y, 0, y + u(r, -0.08, 0.08), 0.95, y + u(r, -0.05, 0.05)),
                    alpha(shade(wood, u(r, 0.7, 1.2)), 0.5), u(r, 0.008, 0.02));
        }
    }

    static void checkerPaper(Graphics2D g, SplittableRandom r) {
        Color a = jitter(r, pick(r, 0xC8302C, 0x2C5AA0, 0x3A8A3A), 0.02, 0.1, 0.1);
        Color b = jitter(r, WHITE, 0.01, 0.03, 0.05);
        fill(g, new Rectangle2D.Double(-0.95, -0.95, 1.9, 1.9), b);
        int cells = between(r, 5, 8);
        double s = 1.9 / cells;
        g.setColor(a);
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                if ((i + j) % 2 == 0) {
                    g.fill(new Rectangle2D.Double(-0.95 + i * s, -0.95 + j * s, s, s));
                }
            }
        }
    }

    private static void anyPlate(Graphics2D g, SplittableRandom r, int... rgbs) {
        plate(g, r, pick(r, rgbs));
    }

    // ---- classes -------------------------------------------------------------------------------

    static void bread(Graphics2D g, SplittableRandom r) {
        if (chance(r, 0.55)) {
            board(g, r);
        } else {
            anyPlate(g, r, WHITE, CREAM, LIGHT_BLUE, DARK);
        }
        int n = between(r, 1, 4);
        for (int i = 0; i < n; i++) {
            double cx = u(r, -0.4, 0.4);
            double cy = u(r, -0.35, 0.35);
            double a = u(r, 0, Math.PI);
            if (chance(r, 0.5)) {
                double rx = u(r, 0.3, 0.5);
                double ry = u(r, 0.16, 0.27);
                Shape loaf = rotated(blob(r, cx, cy, rx, ry, 0.06, 14), cx, cy, a);
                Color crust = jitter(r, 0xA8642A, 0.02, 0.1, 0.12);
                g.setPaint(new GradientPaint((float) cx, (float) (cy - ry), shade(crust, 1.35), (float) cx, (float) (cy + ry), crust));
                g.fill(loaf);
                int slashes = between(r, 2, 4);
                for (int k = 0; k < slashes; k++) {
                    double t = (k + 0.5) / slashes * 2 - 1;
                    Shape s = new QuadCurve2D.Double(cx + t * rx * 0.7 - 0.05, cy - ry * 0.6, cx + t * rx * 0.7 + 0.06, cy,
                            cx + t * rx * 0.7 - 0.02, cy + ry * 0.6);
                    stroke(g, rotated(s, cx, cy, a), shade(crust, 0.6), 0.025);
                }
                speckle(g, r, cx, cy, Math.min(rx, ry), 12, 0.012, shade(crust, 1.4), 0.9, 1.2, 0.7);
            } else {
                double side = u(r, 0.25, 0.4);
                Shape slice = rotated(new RoundRectangle2D.Double(cx - side / 2, cy - side / 2, side, side * u(r, 0.9, 1.15), 0.12, 0.12), cx, cy, a);
                Color crumb = jitter(r, 0xEFD8A6, 0.02, 0.1, 0.08);
                fill(g, slice, crumb);
                stroke(g, slice, jitter(r, 0x8E5224), side * 0.12);
                speckle(g, r, cx, cy, side * 0.4, 30, 0.01, crumb, 0.65, 0.9, 0.8);
            }
        }
    }

    static void dairy(Graphics2D g, SplittableRandom r) {
        anyPlate(g, r, LIGHT_BLUE, WHITE, NAVY, 0xD9CBB0);
        int n = between(r, 2, 4);
        for (int i = 0; i < n; i++) {
            double cx = u(r, -0.45, 0.45);
            double cy = u(r, -0.45, 0.45);
            double a = u(r, 0, 2 * Math.PI);
            switch (r.nextInt(4)) {
                case 0 -> { // cheese wedge with holes
                    double s = u(r, 0.3, 0.5);
                    Path2D.Double w = new Path2D.Double();
                    w.moveTo(cx - s, cy + s * 0.5);
                    w.lineTo(cx + s, cy + s * 0.5);
                    w.lineTo(cx + s * 0.6, cy - s * 0.6);
                    w.closePath();
                    Shape wedge = rotated(w, cx, cy, a);
                    Color cheese = jitter(r, 0xF1CB45, 0.02, 0.12, 0.08);
                    fill(g, wedge, cheese);
                    Area holes = new Area(wedge);
                    Area dots = new Area();
                    for (int k = 0; k < 5; k++) {
                        dots.add(new Area(ellipse(cx + u(r, -s, s) * 0.6, cy + u(r, -s, s) * 0.3, s * 0.1, s * 0.08)));
                    }
                    holes.intersect(dots);
                    fill(g, holes, shade(cheese, 0.8));
                }
                case 1 -> { // a block of butter or a slice of white cheese
                    double w = u(r, 0.3, 0.5);
                    Shape b = rotated(new Rectangle2D.Double(cx - w / 2, cy - w / 3, w, w * 0.66), cx, cy, a);
                    Color c = jitter(r, pick(r, 0xF6E7A8, 0xF7F3E8), 0.02, 0.06, 0.05);
                    fill(g, b, c);
                    stroke(g, b, shade(c, 0.85), 0.012);
                }
                case 2 -> { // a glass of milk from above
                    double rad = u(r, 0.2, 0.3);
                    fill(g, ellipse(cx, cy, rad, rad), alpha(new Color(0xDDE8F0), 0.9));
                    fill(g, ellipse(cx, cy, rad * 0.85, rad * 0.85), jitter(r, 0xFBFAF6, 0.01, 0.03, 0.03));
                }
                default -> { // yogurt pot with a swirl
                    double rad = u(r, 0.22, 0.32);
                    Color pot = jitter(r, pick(r, 0xFFFFFF, 0xE7F0F7, 0xF5D7DF));
                    fill(g, ellipse(cx, cy, rad, rad), pot);
                    fill(g, ellipse(cx, cy, rad * 0.8, rad * 0.8), jitter(r, 0xF4EEDC, 0.01, 0.04, 0.03));
                    stroke(g, new Arc2D.Double(cx - rad * 0.5, cy - rad * 0.5, rad, rad, u(r, 0, 360), 250, Arc2D.OPEN),
                            shade(pot, 0.9), 0.015);
                }
            }
        }
    }

    static void egg(Graphics2D g, SplittableRandom r) {
        if (chance(r, 0.35)) {
            fill(g, ellipse(0, 0, 1, 1), jitter(r, 0x2B2B2D, 0.0, 0.05, 0.06)); // a pan
            stroke(g, ellipse(0, 0, 0.96, 0.96), new Color(0x505055), 0.05);
        } else {
            anyPlate(g, r, WHITE, CREAM, LIGHT_BLUE, 0x9FC7A8);
        }
        if (chance(r, 0.7)) {
            int n = between(r, 1, 3);
            for (int i = 0; i < n; i++) {
                double cx = u(r, -0.4, 0.4);
                double cy = u(r, -0.4, 0.4);
                double rad = u(r, 0.3, 0.45);
                Shape white = blob(r, cx, cy, rad, rad * u(r, 0.75, 1.0), 0.22, 11);
                fill(g, white, jitter(r, 0xF8F6EE, 0.01, 0.04, 0.04));
                if (chance(r, 0.4)) {
                    stroke(g, white, alpha(jitter(r, 0xB27A3A), 0.7), 0.03);
                }
                double yr = rad * u(r, 0.3, 0.4);
                double yx = cx + u(r, -0.1, 0.1) * rad;
                double yy = cy + u(r, -0.1, 0.1) * rad;
                fill(g, ellipse(yx, yy, yr, yr), jitter(r, 0xF2A516, 0.02, 0.1, 0.08));
                fill(g, ellipse(yx - yr * 0.35, yy - yr * 0.35, yr * 0.25, yr * 0.18), alpha(Color.WHITE, 0.6));
            }
        } else {
            int n = between(r, 2, 6);
            for (int i = 0; i < n; i++) { // boiled egg halves
                double cx = u(r, -0.5, 0.5);
                double cy = u(r, -0.5, 0.5);
                double a = u(r, 0, Math.PI);
                double rx = u(r, 0.16, 0.22);
                fill(g, rotated(ellipse(cx, cy, rx, rx * 0.68), cx, cy, a), jitter(r, 0xFAF8F2, 0.01, 0.03, 0.03));
                fill(g, rotated(ellipse(cx, cy, rx * 0.5, rx * 0.42), cx, cy, a), jitter(r, 0xF3C13C, 0.02, 0.1, 0.08));
            }
        }
        if (chance(r, 0.3)) {
            bacon(g, r);
        }
    }

    private static void bacon(Graphics2D g, SplittableRandom r) {
        double y = u(r, -0.6, 0.6);
        Path2D.Double p = new Path2D.Double();
        p.moveTo(-0.7, y);
        for (int k = 1; k <= 6; k++) {
            p.lineTo(-0.7 + k * 0.24, y + (k % 2 == 0 ? -0.05 : 0.05));
        }
        stroke(g, p, jitter(r, 0x9C3B2A), 0.11);
        stroke(g, p, alpha(jitter(r, 0xE3B39A), 0.8), 0.03);
    }

    static void fried(Graphics2D g, SplittableRandom r) {
        if (chance(r, 0.5)) {
            checkerPaper(g, r);
        } else {
            anyPlate(g, r, WHITE, DARK, CREAM, TERRACOTTA);
        }
        int n = between(r, 4, 11);
        for (int i = 0; i < n; i++) {
            double cx = u(r, -0.55, 0.55);
            double cy = u(r, -0.55, 0.55);
            double rad = u(r, 0.1, 0.22);
            Color gold = jitter(r, 0xD48A2C, 0.03, 0.15, 0.14);
            Shape nugget = blob(r, cx, cy, rad, rad * u(r, 0.6, 1.0), 0.35, 9);
            fill(g, nugget, gold);
            speckle(g, r, cx, cy, rad * 0.8, 14, rad * 0.1, gold, 0.7, 1.3, 0.9);
        }
        if (chance(r, 0.45)) {
            int fries = between(r, 6, 14);
            for (int i = 0; i < fries; i++) {
                double cx = u(r, -0.5, 0.5);
                double cy = u(r, -0.5, 0.5);
                Shape f = rotated(new Rectangle2D.Double(cx - 0.03, cy - 0.2, 0.06, u(r, 0.25, 0.45)), cx, cy, u(r, 0, Math.PI));
                Color c = jitter(r, 0xF0C24A, 0.02, 0.1, 0.08);
                fill(g, f, c);
                stroke(g, f, shade(c, 0.8), 0.008);
            }
        }
        if (chance(r, 0.3)) {
            double cx = u(r, -0.5, 0.5);
            double cy = u(r, -0.5, 0.5);
            fill(g, blob(r, cx, cy, 0.14, 0.12, 0.2, 8), jitter(r, 0xB8211B));
        }
    }

    static void meat(Graphics2D g, SplittableRandom r) {
        anyPlate(g, r, DARK, WHITE, 0x6B4A32, CREAM);
        int n = between(r, 1, 2);
        for (int i = 0; i < n; i++) {
            double cx = u(r, -0.25, 0.25);
            double cy = u(r, -0.25, 0.25);
            double rx = u(r, 0.32, 0.55);
            double ry = rx * u(r, 0.55, 0.8);
            double a = u(r, 0, Math.PI);
            Shape steak = rotated(blob(r, cx, cy, rx, ry, 0.12, 12), cx, cy, a);
            Color meat = jitter(r, pick(r, 0x6E2E1F, 0x8A4A2C, 0x5A2418), 0.02, 0.12, 0.12);
            fill(g, steak, meat);
            if (chance(r, 0.5)) {
                stroke(g, steak, jitter(r, 0xC9A27E), 0.035);
            }
            Shape oldClip = g.getClip();
            g.clip(steak);
            double ga = u(r, 0, Math.PI);
            for (int k = -4; k <= 4; k++) {
                Shape line = rotated(new Rectangle2D.Double(-1, k * 0.14 - 0.02, 2, 0.045), 0, 0, ga);
                fill(g, line, alpha(jitter(r, 0x2A140C, 0.01, 0.05, 0.05), 0.85));
            }
            speckle(g, r, cx, cy, rx * 0.8, 25, 0.015, meat, 0.6, 1.4, 0.6);
            g.setClip(oldClip);
        }
        if (chance(r, 0.4)) {
            for (int k = 0; k < between(r, 4, 9); k++) { // green beans
                double cx = u(r, -0.6, 0.6);
                double cy = u(r, 0.3, 0.7) * (chance(r, 0.5) ? 1 : -1);
                fill(g, rotated(new RoundRectangle2D.Double(cx - 0.2, cy - 0.025, 0.4, 0.05, 0.05, 0.05), cx, cy, u(r, -0.5, 0.5)),
                        jitter(r, 0x3F8A2E));
            }
        }
        if (chance(r, 0.3)) {
            stroke(g, new QuadCurve2D.Double(-0.5, u(r, -0.3, 0.3), 0, u(r, -0.6, 0.6), 0.5, u(r, -0.3, 0.3)),
                    alpha(jitter(r, 0x4A2A14), 0.85), 0.05);
        }
    }

    static void noodles(Graphics2D g, SplittableRandom r) {
        boolean pasta = chance(r, 0.4);
        Color base = pasta ? jitter(r, 0xB8412A, 0.02, 0.12, 0.1) : jitter(r, 0xC9A56A, 0.03, 0.15, 0.15);
        if (pasta && chance(r, 0.5)) {
            plate(g, r, pick(r, WHITE, CREAM));
            fill(g, blob(r, 0, 0, 0.7, 0.7, 0.1, 12), base);
        } else {
            bowl(g, r, pick(r, WHITE, RED, DARK, NAVY, 0xDCC9A0), base);
        }
        int strands = between(r, 35, 70);
        Color noodle = jitter(r, pasta ? 0xF2D58A : 0xEFD27A, 0.02, 0.1, 0.06);
        for (int i = 0; i < strands; i++) {
            double x0 = u(r, -0.6, 0.6);
            double y0 = u(r, -0.6, 0.6);
            double len = u(r, 0.3, 0.8);
            double a = u(r, 0, 2 * Math.PI);
            double x1 = x0 + Math.cos(a) * len;
            double y1 = y0 + Math.sin(a) * len;
            Shape s = new QuadCurve2D.Double(x0, y0, (x0 + x1) / 2 + u(r, -0.25, 0.25), (y0 + y1) / 2 + u(r, -0.25, 0.25), x1, y1);
            double w = u(r, 0.022, 0.04);
            stroke(g, s, shade(noodle, 0.75), w * 1.25);
            stroke(g, s, shade(noodle, u(r, 0.92, 1.08)), w);
        }
        if (chance(r, 0.5)) {
            speckle(g, r, 0, 0, 0.55, 14, 0.025, jitter(r, 0x4E9A3A), 0.8, 1.2, 1.0);
        }
        if (chance(r, 0.3)) {
            for (int k = 0; k < between(r, 2, 3); k++) {
                double cx = u(r, -0.4, 0.4);
                double cy = u(r, -0.4, 0.4);
                fill(g, rotated(ellipse(cx, cy, 0.17, 0.1), cx, cy, u(r, 0, Math.PI)), jitter(r, 0x8C5A3C));
            }
        }
        if (chance(r, 0.15)) { // a halved egg on ramen
            double cx = u(r, -0.3, 0.3);
            double cy = u(r, -0.3, 0.3);
            fill(g, ellipse(cx, cy, 0.18, 0.13), jitter(r, 0xFAF8F2, 0.01, 0.03, 0.03));
            fill(g, ellipse(cx, cy, 0.09, 0.07), jitter(r, 0xF0A830));
        }
    }

    static void rice(Graphics2D g, SplittableRandom r) {
        Color riceColour = jitter(r, 0xF2EFE4, 0.02, 0.05, 0.05);
        if (chance(r, 0.6)) {
            bowl(g, r, pick(r, WHITE, NAVY, DARK, LIGHT_BLUE, RED), riceColour);
        } else {
            anyPlate(g, r, WHITE, CREAM, LIGHT_BLUE, DARK);
            fill(g, blob(r, 0, 0, 0.7, 0.62, 0.1, 12), riceColour);
        }
        int grains = between(r, 150, 260);
        for (int i = 0; i < grains; i++) {
            double a = u(r, 0, 2 * Math.PI);
            double d = 0.72 * Math.sqrt(r.nextDouble());
            double cx = Math.cos(a) * d;
            double cy = Math.sin(a) * d;
            Shape grain = rotated(ellipse(cx, cy, 0.032, 0.013), cx, cy, u(r, 0, Math.PI));
            fill(g, grain, shade(riceColour, u(r, 0.8, 1.06)));
        }
        if (chance(r, 0.3)) { // curry
            fill(g, blob(r, u(r, -0.3, 0.3), u(r, -0.3, 0.3), 0.45, 0.35, 0.25, 10), alpha(jitter(r, 0xB9772A, 0.03, 0.12, 0.12), 0.92));
        }
        if (chance(r, 0.25)) {
            speckle(g, r, 0, 0, 0.6, 40, 0.008, new Color(0x1E1E1E), 0.9, 1.5, 1.0);
        }
        if (chance(r, 0.2)) { // salmon pieces: rice bowls and seafood overlap on purpose
            for (int k = 0; k < between(r, 2, 5); k++) {
                double cx = u(r, -0.4, 0.4);
                double cy = u(r, -0.4, 0.4);
                fill(g, rotated(new RoundRectangle2D.Double(cx - 0.12, cy - 0.06, 0.24, 0.12, 0.05, 0.05), cx, cy, u(r, 0, Math.PI)),
                        jitter(r, 0xF08A5D));
            }
        }
    }

    static void seafood(Graphics2D g, SplittableRandom r) {
        anyPlate(g, r, 0x4F7FB5, WHITE, LIGHT_BLUE, DARK);
        int kind = r.nextInt(3);
        if (kind == 0 || chance(r, 0.3)) { // shrimp
            int n = between(r, 3, 7);
            for (int i = 0; i < n; i++) {
                double cx = u(r, -0.5, 0.5);
                double cy = u(r, -0.5, 0.5);
                double rad = u(r, 0.1, 0.17);
                double start = u(r, 0, 360);
                Color c = jitter(r, 0xF0845A, 0.03, 0.12, 0.1);
                Shape arc = new Arc2D.Double(cx - rad, cy - rad, 2 * rad, 2 * rad, start, 210, Arc2D.OPEN);
                stroke(g, arc, c, rad * 0.55);
                for (int k = 0; k < 4; k++) {
                    double t = Math.toRadians(start + 30 + k * 45);
                    stroke(g, new Line2D.Double(cx + Math.cos(t) * rad * 0.75, cy - Math.sin(t) * rad * 0.75,
                            cx + Math.cos(t) * rad * 1.25, cy - Math.sin(t) * rad * 1.25), shade(c, 1.25), 0.012);
                }
            }
        }
        if (kind == 1) { // fish
            int n = between(r, 1, 2);
            for (int i = 0; i < n; i++) {
                double cx = u(r, -0.2, 0.2);
                double cy = u(r, -0.35, 0.35);
                double a = u(r, -0.5, 0.5);
                Color skin = jitter(r, pick(r, 0xA9B3BA, 0xB07A45, 0xC7C2B5), 0.02, 0.1, 0.1);
                Path2D.Double tail = new Path2D.Double();
                tail.moveTo(cx + 0.45, cy);
                tail.lineTo(cx + 0.7, cy - 0.17);
                tail.lineTo(cx + 0.7, cy + 0.17);
                tail.closePath();
                fill(g, rotated(tail, cx, cy, a), shade(skin, 0.85));
                fill(g, rotated(ellipse(cx, cy, 0.5, 0.17), cx, cy, a), skin);
                for (int k = 0; k < 5; k++) {
                    stroke(g, rotated(new Arc2D.Double(cx - 0.3 + k * 0.12, cy - 0.12, 0.1, 0.24, 60, 60, Arc2D.OPEN), cx, cy, a),
                            shade(skin, 0.7), 0.01);
                }
                fill(g, rotated(ellipse(cx - 0.36, cy - 0.04, 0.025, 0.025), cx, cy, a), new Color(0x111111));
            }
        }
        if (kind == 2) { // mussels
            int n = between(r, 5, 10);
            for (int i = 0; i < n; i++) {
                double cx = u(r, -0.55, 0.55);
                double cy = u(r, -0.55, 0.55);
                double a = u(r, 0, Math.PI);
                fill(g, rotated(ellipse(cx, cy, 0.16, 0.09), cx, cy, a), jitter(r, 0x23263A, 0.02, 0.1, 0.08));
                fill(g, rotated(ellipse(cx, cy, 0.1, 0.05), cx, cy, a), jitter(r, 0xE8904A));
            }
        }
        if (chance(r, 0.5)) { // lemon wedge
            double cx = u(r, -0.5, 0.5);
            double cy = u(r, -0.5, 0.5);
            double rad = u(r, 0.12, 0.18);
            Shape lemon = new Arc2D.Double(cx - rad, cy - rad, 2 * rad, 2 * rad, u(r, 0, 360), 180, Arc2D.CHORD);
            fill(g, lemon, jitter(r, 0xF5D33A, 0.02, 0.08, 0.06));
            stroke(g, lemon, jitter(r, 0xE6B800), 0.015);
        }
    }

    static void soup(Graphics2D g, SplittableRandom r) {
        Color liquid = jitter(r, pick(r, 0xC4452B, 0xE08A2E, 0x7C9A3A, 0xEADDC2, 0x8A5A2E), 0.03, 0.12, 0.12);
        bowl(g, r, pick(r, WHITE, DARK, TERRACOTTA, NAVY, CREAM), liquid);
        g.setPaint(new RadialGradientPaint(new Point2D.Double(-0.2, -0.2), 0.8f,
                new float[]{0f, 1f}, new Color[]{alpha(shade(liquid, 1.25), 0.7), alpha(liquid, 0.0)}));
        g.fill(ellipse(0, 0, 0.8, 0.8));
        int bits = between(r, 8, 30);
        for (int i = 0; i < bits; i++) {
            double a = u(r, 0, 2 * Math.PI);
            double d = 0.65 * Math.sqrt(r.nextDouble());
            double cx = Math.cos(a) * d;
            double cy = Math.sin(a) * d;
            double s = u(r, 0.02, 0.06);
            Color c = jitter(r, pick(r, 0xF08A2B, 0x3E8A2E, 0xF6F1E4, 0x7A4A2A));
            fill(g, rotated(new Rectangle2D.Double(cx - s, cy - s, 2 * s, 2 * s), cx, cy, u(r, 0, Math.PI)), c);
        }
        for (int i = 0; i < between(r, 1, 4); i++) {
            fill(g, ellipse(u(r, -0.4, 0.4), u(r, -0.4, 0.4), u(r, 0.05, 0.12), u(r, 0.02, 0.05)), alpha(Color.WHITE, 0.35));
        }
        if (chance(r, 0.4)) { // spoon
            double a = u(r, 0, 2 * Math.PI);
            Color steel = jitter(r, 0xB9BCC2, 0.0, 0.03, 0.1);
            fill(g, rotated(new RoundRectangle2D.Double(0.15, -0.04, 1.1, 0.08, 0.06, 0.06), 0, 0, a), steel);
            fill(g, rotated(ellipse(0.15, 0, 0.16, 0.11), 0, 0, a), steel);
        }
    }

    static void vegetableFruit(Graphics2D g, SplittableRandom r) {
        if (chance(r, 0.5)) {
            anyPlate(g, r, WHITE, CREAM, 0x9A6A3E, LIGHT_BLUE);
        }
        int n = between(r, 8, 20);
        for (int i = 0; i < n; i++) {
            double cx = u(r, -0.7, 0.7);
            double cy = u(r, -0.7, 0.7);
            double a = u(r, 0, Math.PI);
            switch (r.nextInt(6)) {
                case 0, 1 -> { // leaf
                    double rx = u(r, 0.12, 0.25);
                    Color c = jitter(r, 0x4C9A2A, 0.05, 0.15, 0.15);
                    fill(g, rotated(ellipse(cx, cy, rx, rx * 0.45), cx, cy, a), c);
                    stroke(g, rotated(new Line2D.Double(cx - rx * 0.9, cy, cx + rx * 0.9, cy), cx, cy, a), shade(c, 1.3), 0.01);
                }
                case 2 -> { // tomato
                    double rad = u(r, 0.08, 0.15);
                    fill(g, ellipse(cx, cy, rad, rad), jitter(r, 0xD62F2F, 0.02, 0.1, 0.1));
                    fill(g, ellipse(cx - rad * 0.3, cy - rad * 0.3, rad * 0.25, rad * 0.18), alpha(Color.WHITE, 0.5));
                    fill(g, ellipse(cx, cy, rad * 0.2, rad * 0.2), jitter(r, 0x2E6B1E));
                }
                case 3 -> { // orange or lemon
                    double rad = u(r, 0.1, 0.17);
                    Color c = jitter(r, pick(r, 0xF39C1E, 0xF5D33A), 0.02, 0.1, 0.08);
                    fill(g, ellipse(cx, cy, rad, rad), c);
                    speckle(g, r, cx, cy, rad * 0.9, 8, 0.008, c, 0.85, 1.1, 0.8);
                }
                case 4 -> { // grapes
                    Color c = jitter(r, pick(r, 0x5B2A6E, 0x8DBB4C), 0.03, 0.1, 0.1);
                    for (int k = 0; k < between(r, 5, 9); k++) {
                        double gx = cx + u(r, -0.1, 0.1);
                        double gy = cy + u(r, -0.1, 0.1);
                        fill(g, ellipse(gx, gy, 0.045, 0.045), shade(c, u(r, 0.85, 1.15)));
                    }
                }
                default -> { // cucumber slice
                    double rad = u(r, 0.07, 0.11);
                    fill(g, ellipse(cx, cy, rad, rad), jitter(r, 0x2F6B2A));
                    fill(g, ellipse(cx, cy, rad * 0.85, rad * 0.85), jitter(r, 0xCFE3A0, 0.02, 0.1, 0.05));
                }
            }
        }
    }

    static void dessert(Graphics2D g, SplittableRandom r) {
        anyPlate(g, r, 0xF6D1DC, WHITE, 0xD8E8F0, DARK);
        int kind = r.nextInt(10);
        if (kind < 5) { // cake slice with layers
            double cx = u(r, -0.2, 0.2);
            double cy = u(r, -0.2, 0.2);
            double s = u(r, 0.45, 0.65);
            Path2D.Double w = new Path2D.Double();
            w.moveTo(cx - s, cy - s * 0.55);
            w.lineTo(cx + s, cy - s * 0.2);
            w.lineTo(cx - s * 0.7, cy + s * 0.55);
            w.closePath();
            Shape wedge = rotated(w, cx, cy, u(r, 0, 2 * Math.PI));
            int[] layers = {0x5A3220, 0xE8C98F, 0xF2A7BE, 0xFBF4E6, 0x7A4A2E};
            Shape oldClip = g.getClip();
            g.clip(wedge);
            int count = between(r, 3, 5);
            double a = u(r, 0, Math.PI);
            for (int k = 0; k < count; k++) {
                Shape band = rotated(new Rectangle2D.Double(cx - 1, cy - 1 + k * 2.0 / count, 2, 2.0 / count), cx, cy, a);
                fill(g, band, jitter(r, pick(r, layers), 0.02, 0.1, 0.08));
            }
            g.setClip(oldClip);
            stroke(g, wedge, jitter(r, 0xFBF4E6), 0.03);
            for (int k = 0; k < between(r, 1, 4); k++) {
                fill(g, ellipse(cx + u(r, -0.2, 0.2), cy + u(r, -0.2, 0.2), 0.06, 0.06), jitter(r, 0xC0182A));
            }
        } else if (kind < 8) { // ice cream scoops
            for (int k = 0; k < between(r, 1, 3); k++) {
                double cx = u(r, -0.35, 0.35);
                double cy = u(r, -0.35, 0.35);
                double rad = u(r, 0.2, 0.3);
                Color c = jitter(r, pick(r, 0xA8E6CF, 0xF7A8B8, 0xF6EBC8, 0x6B4226), 0.02, 0.1, 0.06);
                fill(g, blob(r, cx, cy, rad, rad, 0.12, 12), c);
                fill(g, ellipse(cx - rad * 0.3, cy - rad * 0.3, rad * 0.3, rad * 0.2), alpha(Color.WHITE, 0.35));
            }
        } else { // cookies
            for (int k = 0; k < between(r, 3, 5); k++) {
                double cx = u(r, -0.45, 0.45);
                double cy = u(r, -0.45, 0.45);
                double rad = u(r, 0.15, 0.22);
                Color c = jitter(r, 0xC48A4A, 0.02, 0.1, 0.1);
                fill(g, blob(r, cx, cy, rad, rad, 0.06, 12), c);
                speckle(g, r, cx, cy, rad * 0.8, 8, 0.025, new Color(0x3A2214), 0.8, 1.3, 1.0);
            }
        }
        if (chance(r, 0.4)) { // sprinkles
            for (int k = 0; k < 30; k++) {
                double cx = u(r, -0.6, 0.6);
                double cy = u(r, -0.6, 0.6);
                fill(g, rotated(new Rectangle2D.Double(cx - 0.02, cy - 0.006, 0.04, 0.012), cx, cy, u(r, 0, Math.PI)),
                        Color.getHSBColor((float) r.nextDouble(), 0.7f, 0.95f));
            }
        }
    }
}
