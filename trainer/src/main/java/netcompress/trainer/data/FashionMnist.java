package netcompress.trainer.data;

import netcompress.testdata.fmnist.IdxFile;
import netcompress.testdata.fmnist.IdxReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST's gzip'd IDX files as a training set (Debian's dataset-fashion-mnist puts them in
 * /usr/share/datasets/fashion-mnist). The files are read and checked by test-data's importer, the
 * one reader of the format.
 */
public final class FashionMnist {
    public static final List<String> CLASSES = netcompress.testdata.fmnist.FashionMnist.CLASS_NAMES;
    public static final float MEAN = 0.2860f;
    public static final float STD = 0.3530f;

    private FashionMnist() {
    }

    public static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve(netcompress.testdata.fmnist.FashionMnist.TRAIN_IMAGES))
                && Files.isRegularFile(dir.resolve(netcompress.testdata.fmnist.FashionMnist.TRAIN_LABELS));
    }

    /** {@code prefix} is {@code train} or {@code t10k}; images are resized to {@code size} when it is not 28. */
    public static ImageSet load(Path dir, String prefix, int size) {
        IdxFile img = IdxReader.read(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        IdxFile lbl = IdxReader.read(dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        netcompress.testdata.fmnist.FashionMnist.checkPair(img, lbl);
        int n = img.count();
        int h = img.dims()[1];
        int w = img.dims()[2];
        List<byte[]> images = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] px = Arrays.copyOfRange(img.data(), i * h * w, (i + 1) * h * w);
            images.add(Resize.bilinear(px, 1, h, w, size, size));
            labels[i] = lbl.unsigned(i);
        }
        return new ImageSet(images, labels, 1, size, size, CLASSES);
    }
}
