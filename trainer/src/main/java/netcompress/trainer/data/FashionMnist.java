package netcompress.trainer.data;

import netcompress.errors.BadInputException;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads Fashion-MNIST's gzip'd IDX files (Debian's dataset-fashion-mnist puts them in /usr/share/datasets/fashion-mnist). */
public final class FashionMnist {
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");
    public static final float MEAN = 0.2860f;
    public static final float STD = 0.3530f;

    private FashionMnist() {
    }

    public static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")) && Files.isRegularFile(dir.resolve("train-labels-idx1-ubyte.gz"));
    }

    /** {@code prefix} is {@code train} or {@code t10k}; images are resized to {@code size} when it is not 28. */
    public static ImageSet load(Path dir, String prefix, int size) {
        Path imgFile = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path lblFile = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        try (DataInputStream img = open(imgFile); DataInputStream lbl = open(lblFile)) {
            if (img.readInt() != 0x803 || lbl.readInt() != 0x801) {
                throw new BadInputException(imgFile + " / " + lblFile + ": not IDX image/label files (bad magic)");
            }
            int n = img.readInt();
            int h = img.readInt();
            int w = img.readInt();
            if (lbl.readInt() != n || n <= 0 || h <= 0 || w <= 0 || h > 4096 || w > 4096) {
                throw new BadInputException(imgFile + ": image and label counts or dimensions are inconsistent");
            }
            List<byte[]> images = new ArrayList<>(n);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                byte[] px = new byte[h * w];
                img.readFully(px);
                images.add(Resize.bilinear(px, 1, h, w, size, size));
                labels[i] = lbl.readUnsignedByte();
                if (labels[i] >= CLASSES.size()) {
                    throw new BadInputException(lblFile + ": label " + labels[i] + " at " + i + " is out of range");
                }
            }
            return new ImageSet(images, labels, 1, size, size, CLASSES);
        } catch (IOException e) {
            throw new BadInputException(imgFile + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new BadInputException(p + ": no such file");
        }
        InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16);
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }
}
