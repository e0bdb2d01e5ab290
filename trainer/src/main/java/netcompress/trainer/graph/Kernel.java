package netcompress.trainer.graph;

import ai.djl.ndarray.NDArray;
import netcompress.onnx.ops.NodeContext;

import java.util.function.Function;

/**
 * One compiled ONNX node as DJL NDArray operations. Attributes are read once, when the graph is
 * compiled; integer inputs that follow from the input shape (Reshape targets, pads, axes, sizes) are
 * read at run time from {@code at}, the node as shape inference sees it for the current batch.
 * Every operation is differentiable through libtorch's autograd.
 */
@FunctionalInterface
interface Kernel {
    /** Outputs in the node's output order (null for one nothing reads). Inputs in slot order, null when omitted. */
    NDArray[] apply(NDArray[] in, boolean training, NodeContext at);

    /** A kernel with one output. */
    @FunctionalInterface
    interface Single {
        NDArray apply(NDArray[] in, boolean training, NodeContext at);
    }

    static Kernel of(Single s) {
        return (in, training, at) -> new NDArray[] {s.apply(in, training, at)};
    }

    /** A kernel that needs neither the mode nor the run-time shapes. */
    static Kernel pure(Function<NDArray[], NDArray> f) {
        return (in, training, at) -> new NDArray[] {f.apply(in)};
    }
}
