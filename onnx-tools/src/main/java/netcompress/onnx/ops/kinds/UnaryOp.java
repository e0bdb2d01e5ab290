package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.List;

/**
 * Ops whose output has their input's shape: activations, Softmax, Identity, Dropout (its mask too)
 * and the quantization pair. Inputs after the first are settings ({@link SlotRole#CONSTANT}): Clip
 * bounds, Dropout's ratio and training flag, quantization scales and zero points.
 */
public final class UnaryOp implements OpKind {
    private final List<String> ops;
    private final SlotRole first;

    private UnaryOp(List<String> ops, SlotRole first) {
        this.ops = ops;
        this.first = first;
    }

    public static UnaryOp of(String... ops) {
        return new UnaryOp(List.of(ops), SlotRole.DATA);
    }

    /** DequantizeLinear: its input is an int8 model's stored weight when it is an initializer. */
    public static UnaryOp dequantize() {
        return new UnaryOp(List.of("DequantizeLinear"), SlotRole.WEIGHT);
    }

    @Override
    public int maxInputs(String opType) {
        return switch (opType) {
            case "Clip", "Dropout", "QuantizeLinear", "DequantizeLinear" -> 3;
            default -> 1;
        };
    }

    @Override
    public List<String> opTypes() {
        return ops;
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return slot == 0 ? first : SlotRole.CONSTANT;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] x = Dims.copy(c.in(0));
        long[][] out = new long[c.node().getOutputCount()][];
        out[0] = x;
        if (out.length > 1 && c.node().getOpType().equals("Dropout")) {
            out[1] = x;
        }
        return out;
    }

    @Override
    public IntValue value(NodeContext c) {
        return c.node().getOpType().equals("Identity") ? c.value(0) : null;
    }
}
