package netcompress.datasets.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.SplittableRandom;

/** Drawing helpers shared by the scene and the dishes: random colours, organic blobs, small shapes. */
final class Brush {
    private Brush() {
    }

    static double u(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    static int between(SplittableRandom r, int lo, int hiInclusive) {
        return lo + r.nextInt(hiInclusive - lo + 1);
    }

    static int pick(SplittableRandom r, int... rgbs) {
        return rgbs[r.nextInt(rgbs.length)];
    }

    /** {@code rgb} moved at random in HSB space by up to the given amounts (hue in turns). */
    static Color jitter(SplittableRandom r, int rgb, double hue, double sat, double bri) {
        float[] hsb = Color.RGBtoHSB((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, null);
        float h = (float) (hsb[0] + u(r, -hue, hue));
        float s = clamp01(hsb[1] + u(r, -sat, sat));
        float b = clamp01(hsb[2] + u(r, -bri, bri));
        return Color.getHSBColor(h - (float) Math.floor(h), s, b);
    }

    static Color jitter(SplittableRandom r, int rgb) {
        return jitter(r, rgb, 0.03, 0.12, 0.12);
    }

    static Color alpha(Color c, double a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * a));
    }

    static Color shade(Color c, double factor) {
        return new Color(clamp255(c.getRed() * factor), clamp255(c.getGreen() * factor), clamp255(c.getBlue() * factor), c.getAlpha());
    }

    static float clamp01(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }

    static int clamp255(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** A closed, smooth, irregular outline around (cx, cy): food rarely has geometric edges. */
    static Shape blob(SplittableRandom r, double cx, double cy, double rx, double ry, double irregularity, int points) {
        double[] xs = new double[points];
        double[] ys = new double[points];
        double phase = u(r, 0, 2 * Math.PI);
        for (int i = 0; i < points; i++) {
            double a = phase + 2 * Math.PI * i / points;
            double k = 1 + irregularity * u(r, -1, 1);
            xs[i] = cx + Math.cos(a) * rx * k;
            ys[i] = cy + Math.sin(a) * ry * k;
        }
        Path2D.Double p = new Path2D.Double();
        p.moveTo((xs[points - 1] + xs[0]) / 2, (ys[points - 1] + ys[0]) / 2);
        for (int i = 0; i < points; i++) {
            int j = (i + 1) % points;
            p.quadTo(xs[i], ys[i], (xs[i] + xs[j]) / 2, (ys[i] + ys[j]) / 2);
        }
        p.closePath();
        return p;
    }

    static Shape ellipse(double cx, double cy, double rx, double ry) {
        return new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
    }

    static Shape rotated(Shape s, double cx, double cy, double angle) {
        return AffineTransform.getRotateInstance(angle, cx, cy).createTransformedShape(s);
    }

    static void fill(Graphics2D g, Shape s, Color c) {
        g.setColor(c);
        g.fill(s);
    }

    static void stroke(Graphics2D g, Shape s, Color c, double width) {
        g.setColor(c);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(s);
    }

    /** Small dots of {@code base}'s shades inside a circle of radius {@code radius}: crumb, pores, grains. */
    static void speckle(Graphics2D g, SplittableRandom r, double cx, double cy, double radius, int count,
                        double dotSize, Color base, double darkest, double lightest, double opacity) {
        for (int i = 0; i < count; i++) {
            double a = u(r, 0, 2 * Math.PI);
            double d = radius * Math.sqrt(r.nextDouble());
            double s = dotSize * u(r, 0.5, 1.3);
            fill(g, ellipse(cx + Math.cos(a) * d, cy + Math.sin(a) * d, s, s * u(r, 0.5, 1.0)),
                    alpha(shade(base, u(r, darkest, lightest)), opacity));
        }
    }
}
