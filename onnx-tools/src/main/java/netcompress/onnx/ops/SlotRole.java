package netcompress.onnx.ops;

/**
 * What the tensor at one input slot is to its op. The parameter count, the trainer's DJL parameters,
 * BN folding and the pruner's ledger all read these roles; none keeps its own list.
 */
public enum SlotRole {
    /** An operand the op computes on. A float initializer here is learnable (an added constant, a gate). */
    DATA,
    /** Conv, Gemm, MatMul and PRelu weights; an int8 model's quantized weights (DequantizeLinear's input). */
    WEIGHT,
    BIAS,
    /** BatchNormalization / InstanceNormalization scale (gamma). */
    BN_SCALE,
    /** BatchNormalization / InstanceNormalization shift (beta). */
    BN_SHIFT,
    /** BatchNormalization running mean and variance: state, not parameters (torchsummary leaves them out). */
    STATISTIC,
    /** A setting of the op stored as a tensor: Clip bounds, Pad's value, Dropout's ratio, Resize's roi and scales, quantization scales. */
    CONSTANT,
    /** Integer shapes, axes, indices, pads and sizes. */
    SHAPE;

    /** The roles of an op whose first input is its operand and whose others are shapes, axes or indices (Reshape, Slice, Gather...). */
    public static SlotRole operandThenShapes(int slot) {
        return slot == 0 ? DATA : SHAPE;
    }

    /** Whether a float initializer in this slot counts toward the budget. */
    public boolean isParameter() {
        return this == DATA || this == WEIGHT || this == BIAS || this == BN_SCALE || this == BN_SHIFT;
    }
}
