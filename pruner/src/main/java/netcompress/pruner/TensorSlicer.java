package netcompress.pruner;

import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.tensor.Tensors;

/** Keeps chosen indices along some axes of a float tensor. */
final class TensorSlicer {
    private TensorSlicer() {
    }

    /**
     * @param keep per axis the indices kept, in order, or null to keep the whole axis
     */
    static TensorProto slice(TensorProto t, int[][] keep, String name) {
        long[] dims = Tensors.dims(t);
        float[] src = Tensors.floats(t);
        int r = dims.length;
        int[][] idx = new int[r][];
        long[] newDims = new long[r];
        long[] stride = new long[r];
        long s = 1;
        for (int a = r - 1; a >= 0; a--) {
            stride[a] = s;
            s *= dims[a];
        }
        long total = 1;
        for (int a = 0; a < r; a++) {
            if (keep[a] != null) {
                idx[a] = keep[a];
            } else {
                idx[a] = new int[(int) dims[a]];
                for (int i = 0; i < idx[a].length; i++) {
                    idx[a][i] = i;
                }
            }
            newDims[a] = idx[a].length;
            total *= newDims[a];
        }
        float[] out = new float[Math.toIntExact(total)];
        if (total > 0) {
            fill(src, stride, idx, 0, 0, out, new int[] {0});
        }
        TensorProto sliced = Tensors.floatTensor(name, newDims, out);
        return t.toBuilder().clearDims().addAllDims(sliced.getDimsList()).clearFloatData().setRawData(sliced.getRawData()).setName(name).build();
    }

    private static void fill(float[] src, long[] stride, int[][] idx, int axis, long offset, float[] out, int[] at) {
        if (axis == idx.length) {
            out[at[0]++] = src[(int) offset];
            return;
        }
        if (axis == idx.length - 1) {
            for (int i : idx[axis]) {
                out[at[0]++] = src[(int) (offset + i)];
            }
            return;
        }
        for (int i : idx[axis]) {
            fill(src, stride, idx, axis + 1, offset + i * stride[axis], out, at);
        }
    }
}
