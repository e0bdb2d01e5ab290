package netcompress.testdata;

import netcompress.onnx.tensor.Npy;

import java.util.Arrays;

/**
 * A float32 array from a numpy {@code .npy} file, values in C (row-major) order, with int dimensions and
 * index helpers for tests. The arrays are shared, not copied: do not modify them.
 */
public record NpyArray(float[] data, int[] shape) {
    public NpyArray {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public static NpyArray of(Npy.Array a) {
        return new NpyArray(a.data(), Arrays.stream(a.shape()).mapToInt(Math::toIntExact).toArray());
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public long[] shapeAsLong() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    /** The value at a full index, e.g. {@code get(n, c, y, x)}. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index has " + index.length + " axes, array has " + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    /** Row {@code i} of a 2-D array, e.g. one image's logits. */
    public float[] row(int i) {
        if (shape.length != 2) {
            throw new IllegalStateException("row() needs a 2-D array, shape is " + Arrays.toString(shape));
        }
        return Arrays.copyOfRange(data, i * shape[1], (i + 1) * shape[1]);
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape);
    }
}
