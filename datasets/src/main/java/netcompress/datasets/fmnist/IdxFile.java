package netcompress.datasets.fmnist;

import java.util.Arrays;

/**
 * An unsigned-byte IDX array (the MNIST format): its dimensions and its values in C order.
 *
 * @param source where it was read from, for messages
 */
public record IdxFile(String source, int[] dims, byte[] data) {
    public int count() {
        return dims[0];
    }

    /** Values per item: 1 for labels, rows x cols for images. */
    public int itemSize() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    public int unsigned(int index) {
        return data[index] & 0xff;
    }

    @Override
    public String toString() {
        return source + " " + Arrays.toString(dims);
    }
}
