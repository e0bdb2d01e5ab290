package netcompress.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import netcompress.errors.BadInputException;
import netcompress.onnx.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tensors.numbers reads every numeric ONNX type, in raw bytes and in the typed fields, and refuses short data. */
class NumbersTest {
    private static TensorProto raw(TensorProto.DataType type, byte[] bytes, long... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName("c").setDataType(type.getNumber()).setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    private static byte[] le(int size, java.util.function.Consumer<ByteBuffer> f) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        f.accept(b);
        return b.array();
    }

    @Test
    void everyNumericTypeInRawBytes() {
        assertArrayEquals(new double[] {3.0, -0.5}, Tensors.numbers(raw(TensorProto.DataType.DOUBLE, le(16, b -> b.putDouble(3).putDouble(-0.5)), 2)));
        // binary16: 0x3C00 = 1, 0xC000 = -2, 0x3555 = 0.333..., 0x0001 = 2^-24, 0x7C00 = infinity
        double[] half = Tensors.numbers(raw(TensorProto.DataType.FLOAT16,
                le(10, b -> b.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3555).putShort((short) 1).putShort((short) 0x7C00)), 5));
        assertEquals(1.0, half[0]);
        assertEquals(-2.0, half[1]);
        assertEquals(0.333251953125, half[2]);
        assertEquals(Math.pow(2, -24), half[3]);
        assertEquals(Double.POSITIVE_INFINITY, half[4]);
        assertArrayEquals(new double[] {1.5}, Tensors.numbers(raw(TensorProto.DataType.BFLOAT16, le(2, b -> b.putShort((short) 0x3FC0)), 1)));
        assertArrayEquals(new double[] {1, 0}, Tensors.numbers(raw(TensorProto.DataType.BOOL, new byte[] {1, 0}, 2)));
    }

    @Test
    void integersAndTypedFields() {
        assertArrayEquals(new double[] {255}, Tensors.numbers(raw(TensorProto.DataType.UINT8, new byte[] {-1}, 1)));
        assertArrayEquals(new double[] {-1}, Tensors.numbers(raw(TensorProto.DataType.INT8, new byte[] {-1}, 1)));
        assertArrayEquals(new long[] {7}, Tensors.longs(raw(TensorProto.DataType.INT16, le(2, b -> b.putShort((short) 7)), 1)));
        assertArrayEquals(new double[] {2.5}, Tensors.numbers(TensorProto.newBuilder().setName("d").setDataType(TensorProto.DataType.DOUBLE_VALUE)
                .addDoubleData(2.5).build()));
        assertArrayEquals(new double[] {1.0}, Tensors.numbers(TensorProto.newBuilder().setName("h").setDataType(TensorProto.DataType.FLOAT16_VALUE)
                .addInt32Data(0x3C00).build()));
        assertEquals(6f, Tensors.scalar(raw(TensorProto.DataType.INT64, le(8, b -> b.putLong(6)))));
    }

    @Test
    void shortDataAndNonNumbersAreRefusedByName() {
        BadInputException e = assertThrows(BadInputException.class, () -> Tensors.numbers(raw(TensorProto.DataType.DOUBLE, new byte[4], 1)));
        assertEquals(true, e.getMessage().contains("'c'") && e.getMessage().contains("truncated"), e.getMessage());
        assertThrows(BadInputException.class, () -> Tensors.numbers(TensorProto.newBuilder().setName("s")
                .setDataType(TensorProto.DataType.STRING_VALUE).build()));
        assertThrows(BadInputException.class, () -> Tensors.longs(raw(TensorProto.DataType.DOUBLE, le(8, b -> b.putDouble(1)), 1)));
    }
}
