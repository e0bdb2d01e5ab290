package netcompress.trainer.data;

import netcompress.datasets.fmnist.FashionMnist;
import netcompress.datasets.fmnist.IdxFile;
import netcompress.datasets.fmnist.IdxReader;
import netcompress.runtime.image.PilResample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST's gzip'd IDX files as the trainer's image sets (Debian's dataset-fashion-mnist puts them in
 * /usr/share/datasets/fashion-mnist). The files, their names and their checks are the datasets module's
 * {@link FashionMnist}, the one reader of the format.
 */
public final class FashionMnistSets {
    public static final List<String> CLASSES = FashionMnist.CLASS_NAMES;
    public static final float MEAN = 0.2860f;
    public static final float STD = 0.3530f;

    private FashionMnistSets() {
    }

    public static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve(FashionMnist.TRAIN_IMAGES)) && Files.isRegularFile(dir.resolve(FashionMnist.TRAIN_LABELS));
    }

    /** {@code split} is {@link FashionMnist#TRAIN} or {@link FashionMnist#TEST}; images are resized to {@code size} when it is not 28. */
    public static ImageSet load(Path dir, String split, int size) {
        IdxFile img = IdxReader.read(dir.resolve(FashionMnist.imagesFile(split)));
        IdxFile lbl = IdxReader.read(dir.resolve(FashionMnist.labelsFile(split)));
        FashionMnist.checkPair(img, lbl);
        int n = img.count();
        int h = img.dims()[1];
        int w = img.dims()[2];
        List<byte[]> images = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] px = Arrays.copyOfRange(img.data(), i * h * w, (i + 1) * h * w);
            // resized as the predict path resizes the same images written as PNGs (PIL's bilinear), so both see the same pixels
            images.add(size == h && size == w ? px : PilResample.resize(px, w, h, 1, size, size));
            labels[i] = lbl.unsigned(i);
        }
        return new ImageSet(images, labels, 1, size, size, CLASSES);
    }
}
