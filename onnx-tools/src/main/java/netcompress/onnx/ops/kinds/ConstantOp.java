package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.ShapeNotInferable;
import netcompress.onnx.ops.SlotRole;
import netcompress.onnx.tensor.Tensors;
import ai.onnx.proto.OnnxMl.NodeProto;

import java.util.Arrays;
import java.util.List;

/**
 * Constant (a tensor-valued attribute) and ConstantOfShape (a filled tensor of a given shape). Their
 * integer contents are values other ops read (Reshape targets, Slice bounds).
 */
public final class ConstantOp implements OpKind {
    /** Larger integer tensors are data, not shape arithmetic. */
    private static final int MAX_VALUE_ELEMENTS = 64;
    private final boolean ofShape;

    private ConstantOp(boolean ofShape) {
        this.ofShape = ofShape;
    }

    public static ConstantOp constant() {
        return new ConstantOp(false);
    }

    public static ConstantOp ofShape() {
        return new ConstantOp(true);
    }

    @Override
    public int maxInputs(String opType) {
        return ofShape ? 1 : 0;
    }

    @Override
    public List<String> opTypes() {
        return List.of(ofShape ? "ConstantOfShape" : "Constant");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return SlotRole.SHAPE;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        if (ofShape) {
            long[] dims = c.ints(0);
            return Dims.one(dims);
        }
        TensorProto t = c.index().constantValue(c.node().getOutput(0));
        if (t == null) {
            throw new ShapeNotInferable("Constant " + c.describe() + " has no tensor value");
        }
        return Dims.one(Tensors.dims(t));
    }

    /** The fill value of a ConstantOfShape (float 0 by default). */
    public static TensorProto fill(NodeProto n) {
        var a = Attributes.find(n, "value");
        return a != null && a.hasT() ? a.getT() : Tensors.floatTensor("value", new long[] {1}, new float[] {0f});
    }

    @Override
    public IntValue value(NodeContext c) {
        if (ofShape) {
            TensorProto f = fill(c.node());
            long[] dims = c.value(0) != null && c.value(0).fullyKnown() ? c.value(0).values() : null;
            if (dims == null || !Tensors.isInteger(f) || dims.length > 1 || Tensors.elementCount(dims, "shape") > MAX_VALUE_ELEMENTS) {
                return null;
            }
            long[] v = new long[(int) Tensors.elementCount(dims, "shape")];
            Arrays.fill(v, Tensors.longs(f)[0]);
            return IntValue.of(v);
        }
        TensorProto t = c.index().constantValue(c.node().getOutput(0));
        if (t == null || !Tensors.isInteger(t) || Tensors.elementCount(t) > MAX_VALUE_ELEMENTS) {
            return null;
        }
        return IntValue.of(Tensors.longs(t));
    }

}
