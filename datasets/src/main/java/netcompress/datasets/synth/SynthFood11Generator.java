package netcompress.datasets.synth;

import netcompress.datasets.DatasetLayout;
import netcompress.datasets.DatasetStaging;
import netcompress.datasets.GenerationSummary;
import netcompress.datasets.ImageEncoding;
import netcompress.datasets.ParallelFiles;
import netcompress.datasets.ProgressListener;
import netcompress.datasets.TestLabels;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic food-11 in the assignment's layout ({@link DatasetLayout}): JPEG photos of eleven kinds of
 * dish. Each picture's pixels come from its own seed, derived from the set's seed, its split and its
 * index, so the output is byte-identical for the same options whatever the thread count.
 */
public final class SynthFood11Generator {
    private SynthFood11Generator() {
    }

    /** Writes the whole set to {@code out} (built beside it, renamed into place when complete). */
    public static GenerationSummary generate(Path out, SynthOptions options, boolean force, ProgressListener progress) {
        long start = System.nanoTime();
        List<SynthImage> plan = plan(options);
        try (DatasetStaging staging = DatasetStaging.open(out, force, DatasetLayout.TOP_LEVEL)) {
            Path root = staging.root();
            long bytes = ParallelFiles.write(root, plan, SynthImage::path,
                    img -> ImageEncoding.jpeg(render(img, options), options.jpegQuality()), options.threads(), progress);
            TestLabels.write(DatasetLayout.testLabelsFile(root), testLabels(plan));
            DatasetLayout.writeClassNames(root, Arrays.stream(FoodClass.values()).map(FoodClass::displayName).toList());
            staging.commit();
            return new GenerationSummary(staging.target(), countsBySplit(plan), bytes, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Every picture of the set, in a fixed order: what {@link #generate} writes, without writing it. */
    public static List<SynthImage> plan(SynthOptions options) {
        SplitCounts c = options.counts();
        List<SynthImage> plan = new ArrayList<>(c.total());
        for (int label = 0; label < FoodClass.COUNT; label++) {
            for (int i = 0; i < c.labeledPerClass(); i++) {
                plan.add(image(options, SynthImage.Split.LABELED, label,
                        DatasetLayout.TRAINING_LABELED + "/" + DatasetLayout.classFolder(label) + "/"
                                + DatasetLayout.classFolder(label) + "_" + DatasetLayout.index(i, c.labeledPerClass()) + ".jpg",
                        label * 100_000L + i));
            }
        }
        int[] unlabeled = balancedLabels(c.unlabeled(), mix(options.seed(), 11));
        for (int i = 0; i < unlabeled.length; i++) {
            plan.add(image(options, SynthImage.Split.UNLABELED, unlabeled[i],
                    DatasetLayout.TRAINING_UNLABELED + "/00/" + DatasetLayout.index(i, unlabeled.length) + ".jpg", i));
        }
        for (int label = 0; label < FoodClass.COUNT; label++) {
            for (int i = 0; i < c.validationPerClass(); i++) {
                plan.add(image(options, SynthImage.Split.VALIDATION, label,
                        DatasetLayout.VALIDATION + "/" + DatasetLayout.classFolder(label) + "/"
                                + DatasetLayout.classFolder(label) + "_" + DatasetLayout.index(i, c.validationPerClass()) + ".jpg",
                        label * 100_000L + i));
            }
        }
        int[] testing = balancedLabels(c.testing(), mix(options.seed(), 13));
        for (int i = 0; i < testing.length; i++) {
            plan.add(image(options, SynthImage.Split.TESTING, testing[i],
                    DatasetLayout.TESTING + "/00/" + DatasetLayout.index(i, testing.length) + ".jpg", i));
        }
        return plan;
    }

    /** The pixels of one planned picture. */
    public static BufferedImage render(SynthImage image, SynthOptions options) {
        int w = options.width();
        int h = options.height();
        if (options.varySize()) {
            int[] size = SceneRenderer.pictureSize(new SplittableRandom(mix(image.seed(), 7)), w, h);
            w = size[0];
            h = size[1];
        }
        return SceneRenderer.render(FoodClass.of(image.label()), image.seed(), w, h);
    }

    /** Labels of the test pictures in sorted file order, as {@code testing_labels.csv} holds them. */
    public static int[] testLabels(List<SynthImage> plan) {
        return plan.stream().filter(i -> i.split() == SynthImage.Split.TESTING)
                .sorted(Comparator.comparing(SynthImage::path))
                .mapToInt(SynthImage::label).toArray();
    }

    private static SynthImage image(SynthOptions o, SynthImage.Split split, int label, String path, long index) {
        return new SynthImage(path, split, label, mix(mix(o.seed(), split.ordinal() + 1), index));
    }

    /** Each class equally often (up to one), in a seeded random order. */
    private static int[] balancedLabels(int n, long seed) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % FoodClass.COUNT;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }

    /** SplitMix64 finaliser over (a, b): neighbouring inputs give unrelated seeds. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Map<String, Integer> countsBySplit(List<SynthImage> plan) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SynthImage.Split s : SynthImage.Split.values()) {
            counts.put(s.folder(), (int) plan.stream().filter(i -> i.split() == s).count());
        }
        return counts;
    }
}
