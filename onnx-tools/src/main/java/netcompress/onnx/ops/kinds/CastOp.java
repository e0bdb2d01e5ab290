package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.tensor.Tensors;

import java.util.ArrayList;
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

    /**
     * The one value of {@code tensor} when it is a constant, directly or through Identity and Cast nodes
     * (PyTorch writes {@code clamp(y, 0.0, 6.0)} without constant folding as DOUBLE constants cast to FLOAT);
     * null when it is computed from data or holds more than one value.
     */
    public static Double constantScalar(GraphIndex index, String tensor) {
        List<Integer> casts = new ArrayList<>();
        String name = tensor;
        TensorProto t = index.constantValue(name);
        for (NodeProto p = index.producer(index.resolveIdentity(name)); t == null && p != null && p.getOpType().equals("Cast");
             p = index.producer(index.resolveIdentity(name))) {
            casts.add((int) Attributes.getInt(p, "to", DataType.FLOAT_VALUE));
            name = p.getInput(0);
            t = index.constantValue(name);
        }
        if (t == null || Tensors.elementCount(t) != 1) {
            return null;
        }
        double v = Tensors.numbers(t)[0];
        for (int i = casts.size() - 1; i >= 0; i--) {
            v = cast(v, casts.get(i));
        }
        return v;
    }

    /** What Cast to {@code to} makes of one value: integers truncate toward zero, BOOL is non-zero, FLOAT rounds. */
    static double cast(double v, int to) {
        if (to == DataType.BOOL_VALUE) {
            return v != 0 ? 1 : 0;
        }
        if (isInteger(to)) {
            return (double) (long) v;
        }
        return to == DataType.FLOAT_VALUE || to == DataType.FLOAT16_VALUE ? (float) v : v;
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
