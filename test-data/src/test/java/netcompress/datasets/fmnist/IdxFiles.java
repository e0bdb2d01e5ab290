package netcompress.datasets.fmnist;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    static byte[] idx(int[] dims, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[]{0, 0, 8, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** A tiny Fashion-MNIST look-alike: {@code train} and {@code test} images of 5 rows x 6 columns,
     *  label i % 10, pixel (r, c) of image i = (i * 7 + r * 6 + c) % 256. */
    static Path writeDataset(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve(FashionMnist.TRAIN_IMAGES), images(train));
        write(dir.resolve(FashionMnist.TRAIN_LABELS), labels(train));
        write(dir.resolve(FashionMnist.TEST_IMAGES), images(test));
        write(dir.resolve(FashionMnist.TEST_LABELS), labels(test));
        return dir;
    }

    static int pixel(int image, int row, int col) {
        return (image * 7 + row * 6 + col) % 256;
    }

    static byte[] images(int n) {
        byte[] data = new byte[n * 30];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 5; r++) {
                for (int c = 0; c < 6; c++) {
                    data[i * 30 + r * 6 + c] = (byte) pixel(i, r, c);
                }
            }
        }
        return idx(new int[]{n, 5, 6}, data);
    }

    static byte[] labels(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i % 10);
        }
        return idx(new int[]{n}, data);
    }

    static void write(Path file, byte[] raw) throws IOException {
        Files.write(file, gzip(raw));
    }
}
