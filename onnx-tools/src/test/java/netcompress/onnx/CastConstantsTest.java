package netcompress.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.kinds.CastOp;
import netcompress.onnx.tensor.Tensors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A constant reached through Casts (PyTorch's unfolded export of {@code clamp(y + 3.0, 0.0, 6.0)}) is known before
 * run time with the value each Cast makes of it; integer tensors of every width round-trip.
 */
class CastConstantsTest {
    private static NodeProto constant(String out, TensorProto t) {
        return NodeProto.newBuilder().setOpType("Constant").addOutput(out).addAttribute(AttributeProto.newBuilder().setName("value")
                .setType(AttributeProto.AttributeType.TENSOR).setT(t)).build();
    }

    private static NodeProto cast(String in, String out, TensorProto.DataType to) {
        return NodeProto.newBuilder().setOpType("Cast").addInput(in).addOutput(out).addAttribute(Attributes.integer("to", to.getNumber())).build();
    }

    private static TensorProto doubleScalar(double v) {
        return TensorProto.newBuilder().setDataType(TensorProto.DataType.DOUBLE_VALUE).addDoubleData(v).build();
    }

    @Test
    void castChainsGiveTheValueOnnxRuntimeComputes() {
        GraphProto g = GraphProto.newBuilder()
                .addNode(constant("six", doubleScalar(6.7)))
                .addNode(cast("six", "six_f", TensorProto.DataType.FLOAT))
                .addNode(cast("six_f", "six_i", TensorProto.DataType.INT64))
                .addNode(cast("six_i", "six_back", TensorProto.DataType.FLOAT))
                .addNode(constant("minus", doubleScalar(-2.9)))
                .addNode(cast("minus", "minus_i", TensorProto.DataType.INT32))
                .addNode(constant("half", doubleScalar(0.5)))
                .addNode(cast("half", "half_b", TensorProto.DataType.BOOL))
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("six_f").addOutput("six_id"))
                .addNode(constant("pair", TensorProto.newBuilder().setDataType(TensorProto.DataType.DOUBLE_VALUE).addDims(2)
                        .addDoubleData(1).addDoubleData(2).build()))
                .addNode(cast("pair", "pair_f", TensorProto.DataType.FLOAT))
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addNode(cast("x", "x_f", TensorProto.DataType.FLOAT))
                .build();
        GraphIndex index = GraphIndex.of(g);
        assertEquals((double) 6.7f, CastOp.constantScalar(index, "six_f"));
        assertEquals(6.0, CastOp.constantScalar(index, "six_back"), "FLOAT -> INT64 truncates");
        assertEquals(-2.0, CastOp.constantScalar(index, "minus_i"), "truncation goes toward zero");
        assertEquals(1.0, CastOp.constantScalar(index, "half_b"), "any non-zero value is true");
        assertEquals((double) 6.7f, CastOp.constantScalar(index, "six_id"), "through Identity");
        assertNull(CastOp.constantScalar(index, "pair_f"), "two values are no scalar");
        assertNull(CastOp.constantScalar(index, "x_f"), "data is not a constant");
    }

    @Test
    void integerTensorsOfEveryWidthRoundTrip() {
        long[] v = {-3, 0, 7, 120};
        for (TensorProto.DataType type : new TensorProto.DataType[] {TensorProto.DataType.INT8, TensorProto.DataType.INT16,
                TensorProto.DataType.INT32, TensorProto.DataType.INT64, TensorProto.DataType.UINT8}) {
            TensorProto t = Tensors.integerTensor("t", type.getNumber(), new long[] {4}, v);
            long[] back = Tensors.longs(t);
            assertArrayEquals(type == TensorProto.DataType.UINT8 ? new long[] {253, 0, 7, 120} : v, back, type.name());
        }
    }
}
