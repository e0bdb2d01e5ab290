package netcompress.datasets.fmnist;

import netcompress.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsGzipAndPlainIdx() throws IOException {
        byte[] raw = IdxFiles.images(3);
        Path gz = tmp.resolve("a.gz");
        Files.write(gz, IdxFiles.gzip(raw));
        Path plain = tmp.resolve("a.idx");
        Files.write(plain, raw);
        for (Path p : new Path[]{gz, plain}) {
            IdxFile f = IdxReader.read(p);
            assertArrayEquals(new int[]{3, 5, 6}, f.dims());
            assertEquals(30, f.itemSize());
            assertEquals(IdxFiles.pixel(2, 4, 5), f.unsigned(2 * 30 + 4 * 6 + 5));
        }
    }

    @Test
    void missingFileNamesItAndTheDebianPackage() {
        Path missing = tmp.resolve("train-images-idx3-ubyte.gz");
        var e = assertThrows(BadInputException.class, () -> IdxReader.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertEquals(2, e.exitCode().code());
    }

    @Test
    void badMagicIsRefused() throws IOException {
        byte[] raw = IdxFiles.images(2);
        raw[2] = 0x0D; // float IDX
        assertRefused(raw, "not supported");
        raw[0] = 1;
        assertRefused(raw, "bad magic");
        assertRefused("hello, world".getBytes(), "bad magic");
    }

    @Test
    void truncatedDataIsRefused() throws IOException {
        byte[] raw = IdxFiles.images(4);
        assertRefused(Arrays.copyOf(raw, raw.length - 7), "truncated");
        assertRefused(Arrays.copyOf(raw, 9), "truncated"); // cut inside the dimensions
        byte[] gz = IdxFiles.gzip(raw);
        Path cut = tmp.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        var e = assertThrows(BadInputException.class, () -> IdxReader.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }

    @Test
    void extraDataAndHugeHeadersAreRefused() throws IOException {
        byte[] raw = IdxFiles.images(2);
        byte[] longer = Arrays.copyOf(raw, raw.length + 5);
        assertRefused(longer, "more data");
        assertRefused(IdxFiles.idx(new int[]{1_000_000, 28, 28}, new byte[0]), "more than");
    }

    @Test
    void mismatchedFilesAreRefused() throws IOException {
        Path dir = IdxFiles.writeDataset(tmp.resolve("ds"), 20, 10);
        IdxFiles.write(dir.resolve(FashionMnist.TRAIN_LABELS), IdxFiles.labels(19));
        var e = assertThrows(BadInputException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("19 labels for 20 images"), e.getMessage());
        byte[] bad = IdxFiles.labels(20);
        bad[bad.length - 1] = 10;
        IdxFiles.write(dir.resolve(FashionMnist.TRAIN_LABELS), bad);
        e = assertThrows(BadInputException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
    }

    private void assertRefused(byte[] raw, String expected) throws IOException {
        Path p = tmp.resolve("bad-" + System.nanoTime() + ".gz");
        Files.write(p, IdxFiles.gzip(raw));
        var e = assertThrows(BadInputException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(expected), e.getMessage());
    }
}
