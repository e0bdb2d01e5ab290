package netcompress.trainer.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/** ONNX's AveragePool on libtorch, shared by the AveragePool kernel and the engine check. */
public final class AveragePool {
    private AveragePool() {
    }

    /**
     * Average pooling as ONNX defines it. DJL 0.36's {@code Pool.avgPool2d} counts the padding whatever its
     * {@code countIncludePad} says (found by the engine check, trainer/README.md); without it, each window's sum
     * is divided by the number of its cells inside the image: the same pooling of a plane of ones.
     */
    public static NDArray of(NDArray x, Shape kernel, Shape stride, Shape pad, boolean ceil, boolean includePad) {
        NDArray padded = Pool.avgPool2d(x, kernel, stride, pad, ceil, true);
        if (includePad || pad.get(0) == 0 && pad.get(1) == 0) {
            return padded;
        }
        Shape x4 = x.getShape();
        NDArray inside = Pool.avgPool2d(x.getManager().ones(new Shape(1, 1, x4.get(2), x4.get(3)), x.getDataType()), kernel, stride, pad, ceil, true);
        return padded.div(inside);
    }
}
