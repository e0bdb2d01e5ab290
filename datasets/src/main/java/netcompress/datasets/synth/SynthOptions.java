package netcompress.datasets.synth;

/**
 * Settings of the synthetic food-11 set.
 *
 * @param scale       1.0 gives the assignment's counts; smaller scales shrink every split (at least a few per class)
 * @param width       nominal image width in pixels
 * @param height      nominal image height in pixels
 * @param seed        same seed and settings give byte-identical files
 * @param jpegQuality ImageIO JPEG quality in (0, 1]
 * @param varySize    when true, each image gets its own size and aspect around the nominal one (landscape,
 *                    portrait, square, wide), as real photos do; when false every image is width x height
 * @param threads     worker threads; the output does not depend on it
 */
public record SynthOptions(double scale, int width, int height, long seed, float jpegQuality, boolean varySize, int threads) {
    public static final int DEFAULT_WIDTH = 512;
    public static final int DEFAULT_HEIGHT = 384;

    public SynthOptions {
        if (!(scale > 0) || scale > 10) {
            throw new IllegalArgumentException("scale must be in (0, 10], got " + scale);
        }
        if (width < 32 || height < 32 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("image size must be between 32 and 4096 pixels a side, got " + width + "x" + height);
        }
        if (!(jpegQuality > 0f && jpegQuality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + jpegQuality);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    public static SynthOptions defaults() {
        return new SynthOptions(1.0, DEFAULT_WIDTH, DEFAULT_HEIGHT, 0L, 0.9f, true, Runtime.getRuntime().availableProcessors());
    }

    public SynthOptions withScale(double s) {
        return new SynthOptions(s, width, height, seed, jpegQuality, varySize, threads);
    }

    public SynthOptions withSize(int w, int h) {
        return new SynthOptions(scale, w, h, seed, jpegQuality, varySize, threads);
    }

    public SynthOptions withSeed(long s) {
        return new SynthOptions(scale, width, height, s, jpegQuality, varySize, threads);
    }

    public SynthOptions withJpegQuality(float q) {
        return new SynthOptions(scale, width, height, seed, q, varySize, threads);
    }

    public SynthOptions withVarySize(boolean v) {
        return new SynthOptions(scale, width, height, seed, jpegQuality, v, threads);
    }

    public SynthOptions withThreads(int t) {
        return new SynthOptions(scale, width, height, seed, jpegQuality, varySize, t);
    }

    public SplitCounts counts() {
        return SplitCounts.ASSIGNMENT.scaled(scale);
    }
}
