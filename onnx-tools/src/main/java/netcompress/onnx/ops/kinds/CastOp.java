package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;

import java.util.List;
import java.util.Set;

/** Cast to another element type; an integer value cast to an integer type is still known. */
public final class CastOp implements OpKind {
    private static final Set<Integer> INTEGERS = Set.of(DataType.INT64_VALUE, DataType.INT32_VALUE, DataType.INT16_VALUE,
            DataType.INT8_VALUE, DataType.UINT8_VALUE, DataType.UINT16_VALUE, DataType.UINT32_VALUE, DataType.UINT64_VALUE);

    @Override
    public List<String> opTypes() {
        return List.of("Cast");
    }

    /** The target element type (ONNX TensorProto.DataType). */
    public static int target(NodeContext c) {
        return (int) Attributes.getInt(c.node(), "to", DataType.FLOAT_VALUE);
    }

    public static boolean isInteger(int dataType) {
        return INTEGERS.contains(dataType);
    }

    @Override
    public long[][] shapes(NodeContext c) {
        return Dims.one(Dims.copy(c.in(0)));
    }

    @Override
    public IntValue value(NodeContext c) {
        return isInteger(target(c)) ? c.value(0) : null;
    }
}
