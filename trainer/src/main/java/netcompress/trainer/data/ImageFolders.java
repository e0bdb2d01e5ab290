package netcompress.trainer.data;

import netcompress.errors.BadInputException;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.runtime.image.BadImageException;
import netcompress.runtime.image.ImagePreprocessor;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.loading.ImageItem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decodes an ImageFolder (class subfolders, or a flat unlabeled folder) into memory at the model's
 * input size, with runtime's decoder so training sees exactly the pixels {@code predict} will
 * (PIL-compatible RGB conversion and resize).
 */
public final class ImageFolders {
    private ImageFolders() {
    }

    public static ImageSet load(Path root, boolean labeled, int channels, int size, int threads, List<String> expectedClasses) {
        ImageFolder folder = ImageFolder.scan(root, labeled);
        if (labeled && expectedClasses != null && !folder.classes().equals(expectedClasses)) {
            throw new BadInputException(root + ": class folders " + folder.classes() + " differ from the training set's " + expectedClasses);
        }
        if (folder.items().isEmpty()) {
            throw new BadInputException(root + ": holds no images");
        }
        ImagePreprocessor pre = new ImagePreprocessor(PreprocessSpec.of(size, size, 3));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<byte[]>> futures = new ArrayList<>();
            for (ImageItem item : folder.items()) {
                futures.add(pool.submit(() -> decode(pre, item.path(), channels, size)));
            }
            List<byte[]> images = new ArrayList<>(futures.size());
            int[] labels = new int[futures.size()];
            for (int i = 0; i < futures.size(); i++) {
                images.add(futures.get(i).get());
                labels[i] = labeled ? folder.items().get(i).label() : -1;
            }
            return new ImageSet(images, labels, channels, size, size, labeled ? folder.classes() : expectedClasses);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new BadInputException(root + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException(root + ": loading interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] decode(ImagePreprocessor pre, Path file, int channels, int size) {
        ImagePreprocessor.Pixels p;
        try {
            p = pre.resize(pre.decodeRgb(ImagePreprocessor.readFile(file), file.toString()));
        } catch (BadImageException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
        byte[] src = p.data();
        int plane = size * size;
        byte[] chw = new byte[channels * plane];
        int sc = p.channels();
        // the decoder hands over OpenCV's B,G,R order when p.bgr(); training must see R,G,B as predict does
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            int k = Math.min(c, sc - 1);
            rgb[c] = p.bgr() && sc == 3 ? 2 - k : k;
        }
        for (int i = 0; i < plane; i++) {
            if (channels == 1) {
                int r = src[i * sc + rgb[0]] & 0xff;
                int g = src[i * sc + rgb[1]] & 0xff;
                int b = src[i * sc + rgb[2]] & 0xff;
                // ITU-R 601-2 luma, PIL's convert("L")
                chw[i] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
            } else {
                for (int c = 0; c < channels; c++) {
                    chw[c * plane + i] = src[i * sc + rgb[Math.min(c, 2)]];
                }
            }
        }
        return chw;
    }
}
