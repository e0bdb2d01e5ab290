package netcompress.testdata;

import netcompress.errors.BadInputException;
import netcompress.io.Folders;
import netcompress.onnx.tensor.Npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The PyTorch-exported reference models and sample data bundled as classpath resources under
 * {@code fixtures/pytorch/}, for tests of every module. The files are extracted once per JVM into a
 * temporary folder (deleted at exit) and made read-only there: copy one before changing it.
 */
public final class Fixtures {
    static final String RESOURCE_DIR = "fixtures/pytorch/";

    private static final String INPUT_142 = "input_4x3x142x142.npy";

    /** The seven models, with the counts the fixtures README gives. */
    public static final List<FixtureModel> MODELS = List.of(
            new FixtureModel("student.onnx", 87_907, 87_451, false, 3, 142, 142, 11, INPUT_142, "student_logits.npy"),
            new FixtureModel("student_bn.onnx", 87_907, 88_363, true, 3, 142, 142, 11, INPUT_142, "student_logits.npy"),
            new FixtureModel("student_dw.onnx", 13_667, 12_955, false, 3, 142, 142, 11, INPUT_142, "student_dw_logits.npy"),
            new FixtureModel("student_dw_bn.onnx", 13_667, 14_379, true, 3, 142, 142, 11, INPUT_142, "student_dw_logits.npy"),
            new FixtureModel("mini_mbv2.onnx", 62_331, 60_699, false, 3, 142, 142, 11, INPUT_142, "mini_mbv2_logits.npy"),
            new FixtureModel("mini_mbv2_bn.onnx", 62_331, 65_595, true, 3, 142, 142, 11, INPUT_142, "mini_mbv2_logits.npy"),
            new FixtureModel("fmnist_cnn.onnx", 29_178, 29_066, false, 1, 28, 28, 10, "fmnist_test16_input.npy", "fmnist_test16_logits.npy"));

    /** Every bundled file; a test checks this list against the resources folder. */
    public static final List<String> FILES = List.of(
            "README.md", "report.json",
            "student.onnx", "student_bn.onnx", "student_dw.onnx", "student_dw_bn.onnx",
            "mini_mbv2.onnx", "mini_mbv2_bn.onnx", "fmnist_cnn.onnx",
            INPUT_142, "student_logits.npy", "student_dw_logits.npy", "mini_mbv2_logits.npy",
            "fmnist_test16_input.npy", "fmnist_test16_logits.npy", "fmnist_test16_labels.txt");

    private static Path extracted;

    private Fixtures() {
    }

    /** The extracted file, e.g. {@code Fixtures.path("student_bn.onnx")}. */
    public static Path path(String name) {
        if (!FILES.contains(name)) {
            throw new IllegalArgumentException("no fixture named " + name + "; known: " + FILES);
        }
        return dir().resolve(name);
    }

    /** The folder holding all extracted fixtures. */
    public static synchronized Path dir() {
        if (extracted == null) {
            extracted = extractAll();
        }
        return extracted;
    }

    public static FixtureModel model(String file) {
        return MODELS.stream().filter(m -> m.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture model named " + file));
    }

    /** A bundled .npy file, read with onnx-tools' reader (one .npy parser in the project). */
    public static NpyArray npy(String name) {
        return NpyArray.of(Npy.read(path(name)));
    }

    /** The true classes of the 16 Fashion-MNIST images in {@code fmnist_test16_input.npy}. */
    public static int[] fmnistTest16Labels() {
        try {
            return Files.readAllLines(path("fmnist_test16_labels.txt"), StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path extractAll() {
        try {
            Path dir = Files.createTempDirectory("netcompress-fixtures-");
            for (String name : FILES) {
                try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
                    if (in == null) {
                        throw new BadInputException("fixture resource " + RESOURCE_DIR + name + " is missing from the classpath");
                    }
                    Path target = dir.resolve(name);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().setReadOnly();
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Folders.deleteQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract the fixtures", e);
        }
    }
}
