package netcompress.trainer;

import netcompress.trainer.data.ImageSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small seeded image set the tests can learn: class k images are noisy and brighter in quadrant k. */
public final class TinyData {
    private TinyData() {
    }

    public static ImageSet make(int n, int classes, int channels, int size, long seed) {
        Random r = new Random(seed);
        List<byte[]> images = new ArrayList<>();
        int[] labels = new int[n];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add("c" + k);
        }
        int half = size / 2;
        for (int i = 0; i < n; i++) {
            int k = i % classes;
            labels[i] = k;
            byte[] px = new byte[channels * size * size];
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int quadrant = (y >= half ? 2 : 0) + (x >= half ? 1 : 0);
                        int v = 60 + r.nextInt(60) + (quadrant == k % 4 ? 110 : 0);
                        px[(c * size + y) * size + x] = (byte) Math.min(255, v);
                    }
                }
            }
            images.add(px);
        }
        return new ImageSet(images, labels, channels, size, size, names);
    }
}
