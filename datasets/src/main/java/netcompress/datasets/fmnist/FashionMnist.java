package netcompress.datasets.fmnist;

import netcompress.errors.BadInputException;

import java.nio.file.Path;
import java.util.List;

/** The four Fashion-MNIST IDX arrays, checked to fit together. */
public record FashionMnist(IdxFile trainImages, IdxFile trainLabels, IdxFile testImages, IdxFile testLabels) {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The training split's name in the files' names. */
    public static final String TRAIN = "train";
    /** The test split's name in the files' names. */
    public static final String TEST = "t10k";
    public static final String TRAIN_IMAGES = imagesFile(TRAIN);
    public static final String TRAIN_LABELS = labelsFile(TRAIN);
    public static final String TEST_IMAGES = imagesFile(TEST);
    public static final String TEST_LABELS = labelsFile(TEST);
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public FashionMnist {
        checkPair(trainImages, trainLabels);
        checkPair(testImages, testLabels);
        if (trainImages.dims()[1] != testImages.dims()[1] || trainImages.dims()[2] != testImages.dims()[2]) {
            throw new BadInputException(testImages.source() + ": images are " + testImages.dims()[1] + "x" + testImages.dims()[2]
                    + " but the training images are " + trainImages.dims()[1] + "x" + trainImages.dims()[2]);
        }
    }

    /** The images file of {@code split} ({@link #TRAIN} or {@link #TEST}), as Fashion-MNIST names it. */
    public static String imagesFile(String split) {
        return split + "-images-idx3-ubyte.gz";
    }

    /** The labels file of {@code split}. */
    public static String labelsFile(String split) {
        return split + "-labels-idx1-ubyte.gz";
    }

    /** Reads the four {@code .gz} files from {@code dir}. */
    public static FashionMnist load(Path dir) {
        return new FashionMnist(
                IdxReader.read(dir.resolve(TRAIN_IMAGES)), IdxReader.read(dir.resolve(TRAIN_LABELS)),
                IdxReader.read(dir.resolve(TEST_IMAGES)), IdxReader.read(dir.resolve(TEST_LABELS)));
    }

    public int height() {
        return trainImages.dims()[1];
    }

    public int width() {
        return trainImages.dims()[2];
    }

    /** Images [n, rows, cols] and labels [n] that fit together, every label a class 0..9; a bad input naming the file otherwise. */
    public static void checkPair(IdxFile images, IdxFile labels) {
        if (images.dims().length != 3) {
            throw new BadInputException(images.source() + ": expected 3 dimensions (count, rows, cols), found " + images.dims().length);
        }
        if (labels.dims().length != 1) {
            throw new BadInputException(labels.source() + ": expected 1 dimension (count), found " + labels.dims().length);
        }
        if (images.count() != labels.count()) {
            throw new BadInputException(labels.source() + ": " + labels.count() + " labels for " + images.count() + " images in " + images.source());
        }
        for (int i = 0; i < labels.count(); i++) {
            if (labels.unsigned(i) >= CLASS_NAMES.size()) {
                throw new BadInputException(labels.source() + ": label " + labels.unsigned(i) + " at index " + i + " is not a class 0..9");
            }
        }
    }
}
