package netcompress.trainer.data;

import netcompress.datasets.DatasetLayout;
import netcompress.datasets.fmnist.FashionMnist;
import netcompress.errors.BadInputException;
import netcompress.runtime.loading.ImageFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Where the training, validation, unlabeled and (labeled) test images of a data root are. Three layouts:
 * <ul>
 *   <li>the assignment's: {@code training/labeled/<class>}, {@code training/unlabeled/00}, {@code validation/<class>},
 *       {@code testing/00} (never read here);</li>
 *   <li>a pair of ImageFolders: {@code train/<class>} and {@code val/<class>} (or {@code valid}, {@code validation});</li>
 *   <li>a folder with Fashion-MNIST's IDX files: the last 5,000 training images validate, {@code t10k} is the labeled test set.</li>
 * </ul>
 * The test split is never used for training or model selection: a root whose training or validation
 * folder is a test folder is refused.
 */
public final class DataRoot {
    /** What a data root offers; {@code unlabeled} and {@code test} load lazily and may be null. */
    public record Splits(String layout, ImageSet train, ImageSet validation, Supplier<ImageSet> unlabeled, Supplier<ImageSet> test,
                         float[] mean, float[] std) {
    }

    public static final int FASHION_MNIST_VALIDATION = 5_000;

    private DataRoot() {
    }

    /** The side models are trained at by default: the assignment's. */
    public static final int PHOTO_SIDE = 142;

    /**
     * The input side a model for this root uses when {@code --size} is not given: 28 for Fashion-MNIST's IDX
     * files; for image folders the assignment's 142, or the images' own side when the first training image is
     * smaller (Fashion-MNIST laid out as PNGs trains at 28, not blown up to 142).
     */
    public static int defaultSize(Path root) {
        if (FashionMnistSets.isRoot(root)) {
            return 28;
        }
        try {
            Layout l = layout(root);
            return ImageFolder.scan(l.train(), true).items().stream().findFirst()
                    .map(item -> Math.min(PHOTO_SIDE, Math.max(2, largerSide(item.path())))).orElse(PHOTO_SIDE);
        } catch (BadInputException e) {
            return PHOTO_SIDE; // the stage that loads the images reports what is wrong with them
        }
    }

    /** The larger side of an image from its header, or {@link #PHOTO_SIDE} when the header cannot be read. */
    private static int largerSide(Path image) {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            var readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return PHOTO_SIDE;
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                return Math.max(r.getWidth(0), r.getHeight(0));
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return PHOTO_SIDE;
        }
    }

    public static int channels(Path root) {
        return FashionMnistSets.isRoot(root) ? 1 : 3;
    }

    /**
     * Where a root's splits are, resolved once for every stage that reads them: the folders of an
     * image-folder layout (validation, unlabeled and test null where absent; Fashion-MNIST's IDX files
     * have no folders, so all are null there).
     */
    public record Layout(String kind, Path train, Path validation, Path unlabeled, Path test) {
        public boolean isFolders() {
            return train != null;
        }
    }

    /** The layout of {@code root}, checked (a test split is never a training or validation folder), without loading an image. */
    public static Layout layout(Path root) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root + ": " + (Files.exists(root) ? "is not a folder" : "no such folder"));
        }
        refuseTestFolder(root, "the data root");
        if (FashionMnistSets.isRoot(root)) {
            return new Layout("fashion-mnist", null, null, null, null);
        }
        Path labeled = root.resolve(DatasetLayout.TRAINING_LABELED);
        Layout l;
        if (Files.isDirectory(labeled)) {
            Path u = root.resolve(DatasetLayout.TRAINING_UNLABELED);
            Path t = root.resolve(DatasetLayout.TESTING);
            l = new Layout("food-11", labeled, root.resolve(DatasetLayout.VALIDATION), Files.isDirectory(u) ? u : null,
                    Files.isDirectory(t) ? t : null);
        } else if (Files.isDirectory(root.resolve("train"))) {
            Path val = List.of("val", "valid", "validation").stream().map(root::resolve).filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new BadInputException(root + ": has train/ but no val/, valid/ or validation/ folder"));
            Path u = root.resolve("unlabeled");
            Path t = List.of("test", "testing").stream().map(root::resolve).filter(Files::isDirectory).findFirst().orElse(null);
            l = new Layout("imagefolder", root.resolve("train"), val, Files.isDirectory(u) ? u : null, t);
        } else {
            throw new BadInputException(root + ": not a data root: expected training/labeled + validation (the assignment's layout), "
                    + "train + val ImageFolders, or Fashion-MNIST's IDX files");
        }
        if (!Files.isDirectory(l.validation())) {
            throw new BadInputException(root + ": no validation folder " + l.validation());
        }
        refuseTestFolder(l.train(), "the training folder");
        refuseTestFolder(l.validation(), "the validation folder");
        if (l.unlabeled() != null) {
            refuseTestFolder(l.unlabeled(), "the unlabeled folder");
        }
        return l;
    }

    public static Splits open(Path root, int size, int threads) {
        Layout layout = layout(root);
        if (!layout.isFolders()) {
            ImageSet all = FashionMnistSets.load(root, FashionMnist.TRAIN, size);
            int n = all.size() - FASHION_MNIST_VALIDATION;
            ImageSet train = all.select(range(0, n), Arrays.copyOfRange(all.labels(), 0, n));
            ImageSet val = all.select(range(n, all.size()), Arrays.copyOfRange(all.labels(), n, all.size()));
            Supplier<ImageSet> test = Files.isRegularFile(root.resolve(FashionMnist.TEST_IMAGES)) ? () -> FashionMnistSets.load(root, FashionMnist.TEST, size) : null;
            return new Splits("fashion-mnist", train, val, null, test, new float[] {FashionMnistSets.MEAN}, new float[] {FashionMnistSets.STD});
        }
        ImageSet train = ImageFolders.load(layout.train(), true, 3, size, threads, null);
        ImageSet val = ImageFolders.load(layout.validation(), true, 3, size, threads, train.classNames());
        Path u = layout.unlabeled();
        Supplier<ImageSet> unlabeled = u == null ? null : () -> ImageFolders.load(u, false, 3, size, threads, train.classNames());
        return new Splits(layout.kind(), train, val, unlabeled, null, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    }

    /** Refuses a folder that is, or lies inside, a test split ({@code testing}, {@code test}). */
    public static void refuseTestFolder(Path dir, String role) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            real = dir.toAbsolutePath().normalize();
        }
        for (Path part : real) {
            String name = part.toString().toLowerCase(Locale.ROOT);
            if (name.equals("testing") || name.equals("test")) {
                throw new BadInputException(dir + ": " + role + " is (inside) a test split ('" + part
                        + "'); the test split is never used for training or validation");
            }
        }
        if (Files.isDirectory(dir.resolve(DatasetLayout.TESTING)) && !Files.isDirectory(dir.resolve(DatasetLayout.TRAINING))) {
            throw new BadInputException(dir + ": " + role + " holds a 'testing' folder as if it were a class; "
                    + "point {data} at the root that holds training/ and validation/");
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
