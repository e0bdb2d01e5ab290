package netcompress.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The assignment's folder layout, shared by every generator here:
 * <pre>
 * ROOT/training/labeled/00..NN/*   labeled training images, one folder per class
 * ROOT/training/unlabeled/00/*     unlabeled training images
 * ROOT/validation/00..NN/*         labeled validation images
 * ROOT/testing/00/*                test images (labels withheld, as on Kaggle)
 * ROOT/testing_labels.csv          Id,Category for the test images, Id = index in sorted file order
 * ROOT/classes.txt                 one class name per line, line i names folder i
 * </pre>
 * The test labels live beside {@code testing/}, not in it, so nothing that lists the test folder
 * mistakes them for an image.
 */
public final class DatasetLayout {
    public static final String TRAINING = "training";
    public static final String TRAINING_LABELED = TRAINING + "/labeled";
    public static final String TRAINING_UNLABELED = TRAINING + "/unlabeled";
    public static final String VALIDATION = "validation";
    public static final String TESTING = "testing";
    public static final String TEST_LABELS_FILE = "testing_labels.csv";
    public static final String CLASSES_FILE = "classes.txt";

    /** Top-level names a generator writes; with --force only a folder holding nothing else is replaced. */
    public static final Set<String> TOP_LEVEL = Set.of(TRAINING, VALIDATION, TESTING, TEST_LABELS_FILE, CLASSES_FILE);

    private DatasetLayout() {
    }

    /** Class folder name: two digits, as torchvision sorts them ("00" &lt; "01" &lt; ... &lt; "10"). */
    public static String classFolder(int label) {
        return String.format("%02d", label);
    }

    public static Path labeledDir(Path root, int label) {
        return root.resolve(TRAINING_LABELED).resolve(classFolder(label));
    }

    public static Path unlabeledDir(Path root) {
        return root.resolve(TRAINING_UNLABELED).resolve("00");
    }

    public static Path validationDir(Path root, int label) {
        return root.resolve(VALIDATION).resolve(classFolder(label));
    }

    public static Path testingDir(Path root) {
        return root.resolve(TESTING).resolve("00");
    }

    public static Path testLabelsFile(Path root) {
        return root.resolve(TEST_LABELS_FILE);
    }

    /** Zero-padded index, wide enough that name order equals index order for {@code count} files. */
    public static String index(int i, int count) {
        int width = Math.max(4, String.valueOf(Math.max(0, count - 1)).length());
        return String.format("%0" + width + "d", i);
    }

    /** Writes {@code classes.txt}: line i names the class of folder i. */
    public static void writeClassNames(Path root, List<String> names) {
        try {
            Files.writeString(root.resolve(CLASSES_FILE), String.join("\n", names) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
