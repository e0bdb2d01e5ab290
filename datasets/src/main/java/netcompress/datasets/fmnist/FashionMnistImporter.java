package netcompress.datasets.fmnist;

import netcompress.datasets.DatasetLayout;
import netcompress.datasets.DatasetStaging;
import netcompress.datasets.GenerationSummary;
import netcompress.datasets.ImageEncoding;
import netcompress.datasets.ParallelFiles;
import netcompress.datasets.ProgressListener;
import netcompress.datasets.TestLabels;
import netcompress.errors.BadInputException;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fashion-MNIST as 28x28 grayscale PNGs in the food-11 layout ({@link DatasetLayout}), so every tool
 * that reads the assignment's folders can run on a real, learnable data set. Test labels go to
 * {@code testing_labels.csv} beside {@code testing/}; class names to {@code classes.txt}.
 * Training file names carry the image's index in the IDX file, so any picture can be traced back.
 */
public final class FashionMnistImporter {
    private FashionMnistImporter() {
    }

    /** One PNG to write: {@code index} into {@code images}. */
    public record Entry(String path, IdxFile images, int index, int label) {
    }

    public static GenerationSummary importTo(FashionMnist data, Path out, FashionMnistOptions options, boolean force,
                                             ProgressListener progress) {
        long start = System.nanoTime();
        Map<String, List<Entry>> plan = plan(data, options);
        List<Entry> all = plan.values().stream().flatMap(List::stream).toList();
        try (DatasetStaging staging = DatasetStaging.open(out, force, DatasetLayout.TOP_LEVEL)) {
            Path root = staging.root();
            long bytes = ParallelFiles.write(root, all, Entry::path, e -> ImageEncoding.png(image(e.images(), e.index())),
                    options.threads(), progress);
            TestLabels.write(DatasetLayout.testLabelsFile(root),
                    plan.get(DatasetLayout.TESTING).stream().mapToInt(Entry::label).toArray());
            DatasetLayout.writeClassNames(root, FashionMnist.CLASS_NAMES);
            staging.commit();
            Map<String, Integer> counts = new LinkedHashMap<>();
            plan.forEach((split, entries) -> counts.put(split, entries.size()));
            return new GenerationSummary(staging.target(), counts, bytes, (System.nanoTime() - start) / 1e9);
        }
    }

    /** What {@link #importTo} writes, by split, without writing it; test entries are in sorted file order. */
    public static Map<String, List<Entry>> plan(FashionMnist data, FashionMnistOptions options) {
        IdxFile train = data.trainImages();
        IdxFile labels = data.trainLabels();
        int n = train.count();
        Map<String, List<Entry>> plan = new LinkedHashMap<>();
        List<Entry> labeled = new ArrayList<>();
        List<Entry> unlabeled = new ArrayList<>();
        List<Entry> validation = new ArrayList<>();
        if (options.split() == FashionMnistOptions.Split.FULL) {
            if (options.validationCount() >= n) {
                throw new BadInputException("validation count " + options.validationCount() + " leaves no training images of " + n);
            }
            int firstValidation = n - options.validationCount();
            for (int i = 0; i < n; i++) {
                (i < firstValidation ? labeled : validation).add(labeledEntry(i < firstValidation
                        ? DatasetLayout.TRAINING_LABELED : DatasetLayout.VALIDATION, train, labels, i, n));
            }
        } else {
            List<List<Integer>> byClass = new ArrayList<>();
            for (int c = 0; c < FashionMnist.CLASS_NAMES.size(); c++) {
                byClass.add(new ArrayList<>());
            }
            for (int i = 0; i < n; i++) {
                byClass.get(labels.unsigned(i)).add(i);
            }
            List<Integer> rest = new ArrayList<>();
            int need = options.labelsPerClass() + options.validationPerClass();
            for (int c = 0; c < byClass.size(); c++) {
                List<Integer> idx = byClass.get(c);
                if (idx.size() < need) {
                    throw new BadInputException(labels.source() + ": class " + c + " has " + idx.size() + " training images, fewer than "
                            + options.labelsPerClass() + " labeled + " + options.validationPerClass() + " validation per class");
                }
                shuffle(idx, new SplittableRandom(options.seed() * 31 + c));
                idx.subList(0, options.labelsPerClass()).stream().sorted()
                        .forEach(i -> labeled.add(labeledEntry(DatasetLayout.TRAINING_LABELED, train, labels, i, n)));
                idx.subList(options.labelsPerClass(), need).stream().sorted()
                        .forEach(i -> validation.add(labeledEntry(DatasetLayout.VALIDATION, train, labels, i, n)));
                rest.addAll(idx.subList(need, idx.size()));
            }
            if (options.unlabeledCount() > rest.size()) {
                throw new BadInputException("asked for " + options.unlabeledCount() + " unlabeled images, only " + rest.size() + " remain");
            }
            rest.sort(null);
            if (options.unlabeledCount() >= 0) {
                shuffle(rest, new SplittableRandom(options.seed() * 31 + 97));
                rest.subList(options.unlabeledCount(), rest.size()).clear();
                rest.sort(null);
            }
            for (int i : rest) {
                unlabeled.add(new Entry(DatasetLayout.TRAINING_UNLABELED + "/00/" + DatasetLayout.index(i, n) + ".png",
                        train, i, labels.unsigned(i)));
            }
        }
        plan.put(DatasetLayout.TRAINING_LABELED, labeled);
        if (options.split() == FashionMnistOptions.Split.LOW_LABEL) {
            plan.put(DatasetLayout.TRAINING_UNLABELED, unlabeled);
        }
        plan.put(DatasetLayout.VALIDATION, validation);
        List<Entry> testing = new ArrayList<>();
        int t = data.testImages().count();
        for (int i = 0; i < t; i++) {
            testing.add(new Entry(DatasetLayout.TESTING + "/00/" + DatasetLayout.index(i, t) + ".png",
                    data.testImages(), i, data.testLabels().unsigned(i)));
        }
        plan.put(DatasetLayout.TESTING, testing);
        return plan;
    }

    /** Image {@code index} of an IDX image array as an 8-bit grayscale picture. */
    public static BufferedImage image(IdxFile images, int index) {
        int h = images.dims()[1];
        int w = images.dims()[2];
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(images.data(), index * images.itemSize(), px, 0, w * h);
        return img;
    }

    private static Entry labeledEntry(String split, IdxFile train, IdxFile labels, int i, int n) {
        String cls = DatasetLayout.classFolder(labels.unsigned(i));
        return new Entry(split + "/" + cls + "/" + cls + "_" + DatasetLayout.index(i, n) + ".png", train, i, labels.unsigned(i));
    }

    private static void shuffle(List<Integer> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
