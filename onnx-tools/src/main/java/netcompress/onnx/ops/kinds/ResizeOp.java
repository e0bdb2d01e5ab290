package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.ShapeNotInferable;
import netcompress.onnx.ops.SlotRole;

import java.util.List;

/**
 * Resize and Upsample: only their slot roles are known (roi and scales are settings PyTorch may
 * store as float initializers, never parameters). Their output size is left to ONNX Runtime, so
 * what follows them is unknown to the static tools: the pruner keeps those channels.
 */
public final class ResizeOp implements OpKind {
    @Override
    public int maxInputs(String opType) {
        return 4;
    }

    @Override
    public List<String> opTypes() {
        return List.of("Resize", "Upsample");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return switch (slot) {
            case 0 -> SlotRole.DATA;
            case 3 -> SlotRole.SHAPE;
            default -> SlotRole.CONSTANT;
        };
    }

    @Override
    public boolean infersShapes() {
        return false;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        throw new ShapeNotInferable("unsupported op " + c.node().getOpType() + " at node " + c.describe()
                + " (its output size is not inferred)");
    }
}
