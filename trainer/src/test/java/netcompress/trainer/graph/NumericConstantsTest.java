package netcompress.trainer.graph;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import netcompress.onnx.graph.Attributes;
import netcompress.trainer.teacher.OrtTeacher;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Constants in the types PyTorch exports write without being asked: a Python float is a DOUBLE constant, a Python
 * int an INT64 one, half-precision code leaves FLOAT16, masks are BOOL; each reaches the float graph through Cast.
 * The gate {@code clamp(x + 3.0, 0.0, 6.0) / 6} built that way runs in the trainer as in ONNX Runtime.
 */
class NumericConstantsTest {
    @Test
    void constantsOfEveryNumericTypeRunAsOnnxRuntimeRunsThem() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("gate");
        g.addInput(floatInput("x", 2, 3, 4, 4));
        g.addNode(constant("three", raw(TensorProto.DataType.DOUBLE_VALUE, 8, b -> b.putDouble(3.0))));
        g.addNode(cast("three", "three_f"));
        g.addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("three_f").addOutput("shifted"));
        g.addNode(constant("lo", raw(TensorProto.DataType.FLOAT16_VALUE, 2, b -> b.putShort((short) 0))));
        g.addNode(cast("lo", "lo_f"));
        g.addNode(constant("hi", raw(TensorProto.DataType.FLOAT_VALUE, 4, b -> b.putFloat(6f))));
        g.addNode(NodeProto.newBuilder().setOpType("Clip").addInput("shifted").addInput("lo_f").addInput("hi").addOutput("clipped"));
        g.addNode(constant("six", raw(TensorProto.DataType.INT64_VALUE, 8, b -> b.putLong(6))));
        g.addNode(cast("six", "six_f"));
        g.addNode(NodeProto.newBuilder().setOpType("Div").addInput("clipped").addInput("six_f").addOutput("gate"));
        g.addNode(constant("on", raw(TensorProto.DataType.BOOL_VALUE, 1, b -> b.put((byte) 1))));
        g.addNode(cast("on", "on_f"));
        g.addNode(NodeProto.newBuilder().setOpType("Mul").addInput("gate").addInput("on_f").addOutput("masked"));
        g.addNode(NodeProto.newBuilder().setOpType("Flatten").addInput("masked").addOutput("y").addAttribute(Attributes.integer("axis", 1)));
        g.addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(g).build();

        float[] x = new float[2 * 3 * 4 * 4];
        Random r = new Random(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 4);
        }
        float[] djl;
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); OnnxBlock block = OnnxBlock.of(model, m, Device.cpu())) {
            djl = block.forward(m.create(FloatBuffer.wrap(x), new Shape(2, 3, 4, 4)), true).toFloatArray();
        }
        float[] ort;
        try (OrtTeacher t = new OrtTeacher(model, "gate", 1)) {
            ort = t.logits(FloatBuffer.wrap(x), 2, 3, 4, 4);
        }
        assertEquals(ort.length, djl.length);
        for (int i = 0; i < djl.length; i++) {
            assertEquals(ort[i], djl[i], 1e-6, "element " + i);
            assertEquals(Math.min(6, Math.max(0, x[i] + 3)) / 6, djl[i], 1e-6, "element " + i);
        }
    }

    private static ValueInfoProto floatInput(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    private static TensorProto raw(int type, int bytes, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return TensorProto.newBuilder().setDataType(type).setRawData(ByteString.copyFrom(b.array())).build();
    }

    private static NodeProto constant(String out, TensorProto value) {
        return NodeProto.newBuilder().setOpType("Constant").addOutput(out).addAttribute(AttributeProto.newBuilder().setName("value")
                .setType(AttributeProto.AttributeType.TENSOR).setT(value.toBuilder().setName(out))).build();
    }

    private static NodeProto cast(String in, String out) {
        return NodeProto.newBuilder().setOpType("Cast").addInput(in).addOutput(out)
                .addAttribute(Attributes.integer("to", TensorProto.DataType.FLOAT_VALUE)).build();
    }
}
