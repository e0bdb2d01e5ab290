package netcompress.trainer.data;

import netcompress.errors.BadInputException;

import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training-time augmentation in one resampling pass, in the spirit of the assignment's notebooks:
 * RandomResizedCrop (area fraction in [minScale, 1], aspect 3/4..4/3), horizontal flip, rotation up
 * to {@code maxDegrees} (zero fill, as torchvision's RandomRotation), then ColorJitter (brightness,
 * contrast, saturation by up to {@code jitter}) and normalisation. {@code NONE} is the evaluation
 * transform: ToTensor and Normalize only.
 */
public record Augmentation(double minScale, double maxDegrees, boolean flip, double jitter) {
    public static final Augmentation NONE = new Augmentation(1, 0, false, 0);
    /** Small images such as Fashion-MNIST: mild crops and flips, no rotation or colour. */
    public static final Augmentation LIGHT = new Augmentation(0.8, 0, true, 0);
    /** Photos (food-11). */
    public static final Augmentation STANDARD = new Augmentation(0.6, 15, true, 0.2);

    /** Images this small (a side in pixels, after loading) get {@link #LIGHT} by default. */
    public static final int SMALL_SIDE = 32;

    /**
     * The default for a training set, by what its images are: small ones (Fashion-MNIST, CIFAR-sized)
     * get {@link #LIGHT}, because a 15-degree rotation and a 0.6 crop of a 28x28 image remove much of
     * what little it shows (measured on Fashion-MNIST low-label: 83.94% test with STANDARD, 86.80% with
     * LIGHT); photos get {@link #STANDARD}, without colour jitter when they are grey.
     */
    public static Augmentation defaultFor(ImageSet train) {
        if (Math.min(train.height(), train.width()) <= SMALL_SIDE) {
            return LIGHT;
        }
        return isGrey(train) ? new Augmentation(STANDARD.minScale, STANDARD.maxDegrees, STANDARD.flip, 0) : STANDARD;
    }

    /** Why {@link #defaultFor} chose what it chose, for the log. */
    public static String describeDefault(ImageSet train) {
        Augmentation a = defaultFor(train);
        String kind = Math.min(train.height(), train.width()) <= SMALL_SIDE ? "images of at most " + SMALL_SIDE + " px"
                : isGrey(train) ? "grey photos" : "colour photos";
        return a.label() + " for " + kind + " ({augment} sets it)";
    }

    /** One channel, or three equal channels in every one of (up to) the first 64 images. */
    static boolean isGrey(ImageSet set) {
        if (set.channels() == 1) {
            return true;
        }
        int plane = set.height() * set.width();
        for (int i = 0; i < Math.min(64, set.size()); i++) {
            byte[] px = set.images().get(i);
            for (int p = 0; p < plane; p++) {
                if (px[p] != px[plane + p] || px[p] != px[2 * plane + p]) {
                    return false;
                }
            }
        }
        return true;
    }

    public static Augmentation named(String name) {
        return switch (name) {
            case "none" -> NONE;
            case "light" -> LIGHT;
            case "standard" -> STANDARD;
            default -> throw new BadInputException("unknown augmentation '" + name + "' (use none, light or standard)");
        };
    }

    /** A short name for logs: the preset's, or the settings. */
    public String label() {
        return this.equals(NONE) ? "none" : this.equals(LIGHT) ? "light" : this.equals(STANDARD) ? "standard"
                : String.format(Locale.ROOT, "crop>=%.2f rotate<=%.0f flip=%s jitter=%.2f", minScale, maxDegrees, flip, jitter);
    }

    public boolean isIdentity() {
        return minScale >= 1 && maxDegrees == 0 && !flip && jitter == 0;
    }

    /**
     * Writes image {@code i} of {@code set}, augmented with a generator seeded by {@code seed}, as normalised
     * CHW floats at {@code dst[offset..]}.
     */
    public void apply(ImageSet set, int i, long seed, float[] mean, float[] std, FloatBuffer dst, int offset) {
        byte[] src = set.images().get(i);
        int c = set.channels();
        int h = set.height();
        int w = set.width();
        int plane = h * w;
        if (isIdentity()) {
            for (int k = 0; k < c; k++) {
                float m = mean[k];
                float s = std[k];
                for (int p = 0; p < plane; p++) {
                    dst.put(offset + k * plane + p, ((src[k * plane + p] & 0xff) / 255f - m) / s);
                }
            }
            return;
        }
        SplittableRandom r = new SplittableRandom(seed);
        double area = (minScale + (1 - minScale) * r.nextDouble()) * h * w;
        double aspect = Math.exp(Math.log(3.0 / 4) + (Math.log(4.0 / 3) - Math.log(3.0 / 4)) * r.nextDouble());
        double cw = Math.min(w, Math.sqrt(area * aspect));
        double chh = Math.min(h, Math.sqrt(area / aspect));
        double x0 = (w - cw) * r.nextDouble();
        double y0 = (h - chh) * r.nextDouble();
        boolean flipped = flip && r.nextBoolean();
        double angle = Math.toRadians(maxDegrees * (2 * r.nextDouble() - 1));
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        float brightness = (float) (1 + jitter * (2 * r.nextDouble() - 1));
        float contrast = (float) (1 + jitter * (2 * r.nextDouble() - 1));
        float saturation = (float) (1 + jitter * (2 * r.nextDouble() - 1));
        double sx = cw / w;
        double sy = chh / h;
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        float[] out = new float[c * plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // inverse map: output pixel -> unrotated, unflipped output -> crop box in the source
                double dx = x - cx;
                double dy = y - cy;
                double ux = cos * dx + sin * dy + cx;
                double uy = -sin * dx + cos * dy + cy;
                if (flipped) {
                    ux = w - 1 - ux;
                }
                double fx = x0 + (ux + 0.5) * sx - 0.5;
                double fy = y0 + (uy + 0.5) * sy - 0.5;
                int p = y * w + x;
                if (fx < -0.5 || fy < -0.5 || fx > w - 0.5 || fy > h - 0.5) {
                    continue; // rotated in from outside: zero, as torchvision fills
                }
                fx = Math.max(0, Math.min(w - 1, fx));
                fy = Math.max(0, Math.min(h - 1, fy));
                int ix = Math.min((int) fx, w - 2 < 0 ? 0 : w - 2);
                int iy = Math.min((int) fy, h - 2 < 0 ? 0 : h - 2);
                float ax = (float) (fx - ix);
                float ay = (float) (fy - iy);
                int ix1 = Math.min(ix + 1, w - 1);
                int iy1 = Math.min(iy + 1, h - 1);
                for (int k = 0; k < c; k++) {
                    int b = k * plane;
                    float v = (src[b + iy * w + ix] & 0xff) * (1 - ax) * (1 - ay) + (src[b + iy * w + ix1] & 0xff) * ax * (1 - ay)
                            + (src[b + iy1 * w + ix] & 0xff) * (1 - ax) * ay + (src[b + iy1 * w + ix1] & 0xff) * ax * ay;
                    out[k * plane + p] = v / 255f;
                }
            }
        }
        if (jitter > 0) {
            colourJitter(out, c, plane, brightness, contrast, saturation);
        }
        for (int k = 0; k < c; k++) {
            float m = mean[k];
            float s = std[k];
            for (int p = 0; p < plane; p++) {
                dst.put(offset + k * plane + p, (out[k * plane + p] - m) / s);
            }
        }
    }

    private static void colourJitter(float[] v, int c, int plane, float brightness, float contrast, float saturation) {
        double sum = 0;
        for (int p = 0; p < plane; p++) {
            for (int k = 0; k < c; k++) {
                v[k * plane + p] = Math.min(1f, v[k * plane + p] * brightness);
            }
            sum += c == 3 ? gray(v, p, plane) : v[p];
        }
        float mean = (float) (sum / plane);
        for (int p = 0; p < plane; p++) {
            for (int k = 0; k < c; k++) {
                v[k * plane + p] = clamp01((v[k * plane + p] - mean) * contrast + mean);
            }
            if (c == 3) {
                float g = gray(v, p, plane);
                for (int k = 0; k < 3; k++) {
                    v[k * plane + p] = clamp01(g + (v[k * plane + p] - g) * saturation);
                }
            }
        }
    }

    private static float gray(float[] v, int p, int plane) {
        return 0.299f * v[p] + 0.587f * v[plane + p] + 0.114f * v[2 * plane + p];
    }

    private static float clamp01(float x) {
        return x < 0 ? 0 : Math.min(1, x);
    }
}
