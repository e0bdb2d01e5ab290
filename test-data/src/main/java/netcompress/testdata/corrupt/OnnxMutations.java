package netcompress.testdata.corrupt;

import java.util.Arrays;
import java.util.Random;

/** Byte-level mutations of an ONNX (protobuf) file for fuzzing readers: flips, overwrites, cuts, splices, varint smashing. */
public final class OnnxMutations {
    private OnnxMutations() {
    }

    public static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int kind = r.nextInt(6);
        switch (kind) {
            case 0 -> { // flip a few bits
                for (int k = 0, n = 1 + r.nextInt(8); k < n; k++) {
                    int p = r.nextInt(b.length);
                    b[p] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // overwrite a byte in the first part, where the graph structure lives before weights
                int p = r.nextInt(Math.min(b.length, 4096));
                b[p] = (byte) r.nextInt(256);
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncate
            case 3 -> { // varint made huge: lengths and dims
                int p = r.nextInt(b.length - 6);
                for (int k = 0; k < 5; k++) {
                    b[p + k] = (byte) 0xff;
                }
            }
            case 4 -> { // duplicate a slice into another place
                int from = r.nextInt(b.length);
                int len = Math.min(1 + r.nextInt(64), b.length - from);
                int to = r.nextInt(b.length - len);
                System.arraycopy(in, from, b, to, len);
            }
            default -> { // small random values in the structural header: dims, attributes, indices
                for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                    b[r.nextInt(Math.min(b.length, 2048))] = (byte) r.nextInt(8);
                }
            }
        }
        return b;
    }
}
