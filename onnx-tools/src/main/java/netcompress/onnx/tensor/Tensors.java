package netcompress.onnx.tensor;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import netcompress.errors.BadInputException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reading and writing ONNX tensors. ONNX stores data either in {@code raw_data} (little-endian bytes,
 * what PyTorch writes) or in the typed repeated fields; both are accepted, and the element count is
 * always checked against the dims so a truncated or hostile file cannot make us read past its data.
 */
public final class Tensors {
    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    public static final int INT64 = TensorProto.DataType.INT64_VALUE;

    private Tensors() {
    }

    public static long[] dims(TensorProto t) {
        long[] d = new long[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getDims(i);
        }
        return d;
    }

    /** Product of the dims; refuses negative dims and overflows. */
    public static long elementCount(TensorProto t) {
        return elementCount(dims(t), t.getName());
    }

    public static long elementCount(long[] dims, String what) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new BadInputException("tensor '" + what + "' has a negative dimension " + Arrays.toString(dims));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public static boolean isFloat(TensorProto t) {
        return t.getDataType() == FLOAT;
    }

    public static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0;
    }

    public static float[] floats(TensorProto t) {
        if (t.getDataType() != FLOAT) {
            throw new BadInputException("tensor '" + t.getName() + "' is " + typeName(t.getDataType()) + ", expected FLOAT");
        }
        long n = elementCount(t);
        if (n > Integer.MAX_VALUE) {
            throw new BadInputException("tensor '" + t.getName() + "' is too large (" + n + " elements)");
        }
        float[] out = new float[(int) n];
        if (!t.getRawData().isEmpty()) {
            checkRawSize(t, n, 4);
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        } else {
            if (t.getFloatDataCount() != n) {
                throw sizeMismatch(t, n, t.getFloatDataCount());
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = t.getFloatData(i);
            }
        }
        return out;
    }

    public static long[] longs(TensorProto t) {
        long n = elementCount(t);
        if (n > Integer.MAX_VALUE) {
            throw new BadInputException("tensor '" + t.getName() + "' is too large (" + n + " elements)");
        }
        long[] out = new long[(int) n];
        if (t.getDataType() == INT64) {
            if (!t.getRawData().isEmpty()) {
                checkRawSize(t, n, 8);
                t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            } else {
                if (t.getInt64DataCount() != n) {
                    throw sizeMismatch(t, n, t.getInt64DataCount());
                }
                for (int i = 0; i < out.length; i++) {
                    out[i] = t.getInt64Data(i);
                }
            }
        } else if (t.getDataType() == TensorProto.DataType.INT32_VALUE) {
            if (!t.getRawData().isEmpty()) {
                checkRawSize(t, n, 4);
                var ib = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = ib.get(i);
                }
            } else {
                if (t.getInt32DataCount() != n) {
                    throw sizeMismatch(t, n, t.getInt32DataCount());
                }
                for (int i = 0; i < out.length; i++) {
                    out[i] = t.getInt32Data(i);
                }
            }
        } else if (isInteger(t) || t.getDataType() == TensorProto.DataType.BOOL_VALUE) {
            double[] d = numbers(t);
            for (int i = 0; i < out.length; i++) {
                out[i] = (long) d[i];
            }
        } else {
            throw new BadInputException("tensor '" + t.getName() + "' is " + typeName(t.getDataType()) + ", expected an integer type");
        }
        return out;
    }

    /**
     * The values of a tensor of any numeric type as doubles: FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8/16/32/64,
     * UINT8/16/32, BOOL (1 or 0). PyTorch writes a Python float as DOUBLE and a Python int as INT64, then Casts;
     * constants meet the kernels in whatever type the exporter chose.
     */
    public static double[] numbers(TensorProto t) {
        long n = elementCount(t);
        if (n > Integer.MAX_VALUE) {
            throw new BadInputException("tensor '" + t.getName() + "' is too large (" + n + " elements)");
        }
        double[] out = new double[(int) n];
        int type = t.getDataType();
        if (type == FLOAT) {
            float[] f = floats(t);
            for (int i = 0; i < out.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        if (type == INT64 || type == TensorProto.DataType.INT32_VALUE) {
            long[] l = longs(t);
            for (int i = 0; i < out.length; i++) {
                out[i] = l[i];
            }
            return out;
        }
        int width = switch (TensorProto.DataType.forNumber(type) == null ? TensorProto.DataType.UNDEFINED : TensorProto.DataType.forNumber(type)) {
            case DOUBLE, UINT64 -> 8;
            case UINT32 -> 4;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
            default -> throw new BadInputException("tensor '" + t.getName() + "' is " + typeName(type) + ", expected a number");
        };
        if (!t.getRawData().isEmpty()) {
            checkRawSize(t, n, width);
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < out.length; i++) {
                out[i] = switch (TensorProto.DataType.forNumber(type)) {
                    case DOUBLE -> b.getDouble(i * 8);
                    case UINT64 -> b.getLong(i * 8);
                    case UINT32 -> Integer.toUnsignedLong(b.getInt(i * 4));
                    case FLOAT16 -> halfToFloat(b.getShort(i * 2));
                    case BFLOAT16 -> Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
                    case INT16 -> b.getShort(i * 2);
                    case UINT16 -> b.getShort(i * 2) & 0xffff;
                    case INT8 -> b.get(i);
                    default -> b.get(i) & 0xff; // UINT8, BOOL
                };
            }
            return out;
        }
        // the typed fields: DOUBLE in double_data, UINT32/UINT64 in uint64_data, the narrower ones (FLOAT16 and
        // BFLOAT16 as their bits) in int32_data
        TensorProto.DataType dt = TensorProto.DataType.forNumber(type);
        int count = dt == TensorProto.DataType.DOUBLE ? t.getDoubleDataCount()
                : dt == TensorProto.DataType.UINT32 || dt == TensorProto.DataType.UINT64 ? t.getUint64DataCount() : t.getInt32DataCount();
        if (count != n) {
            throw sizeMismatch(t, n, count);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dt) {
                case DOUBLE -> t.getDoubleData(i);
                case UINT32, UINT64 -> t.getUint64Data(i);
                case FLOAT16 -> halfToFloat((short) t.getInt32Data(i));
                case BFLOAT16 -> Float.intBitsToFloat((t.getInt32Data(i) & 0xffff) << 16);
                default -> t.getInt32Data(i);
            };
        }
        return out;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
        }
        if (exp == 0) {
            float sub = mant * 0x1p-24f; // subnormal (or zero)
            return sign == 0 ? sub : -sub;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
    }

    public static boolean isInteger(TensorProto t) {
        return switch (TensorProto.DataType.forNumber(t.getDataType()) == null ? TensorProto.DataType.UNDEFINED
                : TensorProto.DataType.forNumber(t.getDataType())) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> true;
            default -> false;
        };
    }

    /** Scalar or one-element tensor value of any numeric type (e.g. Clip's min from a Constant node). */
    public static float scalar(TensorProto t) {
        double[] v = numbers(t);
        if (v.length != 1) {
            throw new BadInputException("tensor '" + t.getName() + "' should hold one value but holds " + v.length);
        }
        return (float) v[0];
    }

    public static TensorProto floatTensor(String name, long[] dims, float[] data) {
        ByteBuffer buf = littleEndian(data.length, 4);
        buf.asFloatBuffer().put(data);
        return raw(name, FLOAT, dims, data.length, buf.array());
    }

    public static TensorProto longTensor(String name, long[] dims, long[] data) {
        ByteBuffer buf = littleEndian(data.length, 8);
        buf.asLongBuffer().put(data);
        return raw(name, INT64, dims, data.length, buf.array());
    }

    public static TensorProto intTensor(String name, long[] dims, int[] data) {
        ByteBuffer buf = littleEndian(data.length, 4);
        buf.asIntBuffer().put(data);
        return raw(name, TensorProto.DataType.INT32_VALUE, dims, data.length, buf.array());
    }

    /** A tensor of any integer {@code dataType} holding {@code data} (each value wrapped to the type's width). */
    public static TensorProto integerTensor(String name, int dataType, long[] dims, long[] data) {
        int width = switch (TensorProto.DataType.forNumber(dataType) == null ? TensorProto.DataType.UNDEFINED
                : TensorProto.DataType.forNumber(dataType)) {
            case INT8, UINT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32 -> 4;
            case INT64, UINT64 -> 8;
            default -> throw new IllegalArgumentException("tensor " + name + ": " + typeName(dataType) + " is not an integer type");
        };
        ByteBuffer buf = littleEndian(data.length, width);
        for (long v : data) {
            switch (width) {
                case 1 -> buf.put((byte) v);
                case 2 -> buf.putShort((short) v);
                case 4 -> buf.putInt((int) v);
                default -> buf.putLong(v);
            }
        }
        return raw(name, dataType, dims, data.length, buf.array());
    }

    /** INT8 or UINT8 tensor from one byte per element (what QuantizeLinear/DequantizeLinear read). */
    public static TensorProto byteTensor(String name, int dataType, long[] dims, byte[] data) {
        if (dataType != TensorProto.DataType.INT8_VALUE && dataType != TensorProto.DataType.UINT8_VALUE) {
            throw new IllegalArgumentException("tensor " + name + ": " + typeName(dataType) + " is not a one-byte type");
        }
        return raw(name, dataType, dims, data.length, data);
    }

    private static ByteBuffer littleEndian(int elements, int bytesPer) {
        return ByteBuffer.allocate(elements * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static TensorProto raw(String name, int dataType, long[] dims, int elements, byte[] bytes) {
        if (elementCount(dims, name) != elements) {
            throw new IllegalArgumentException("tensor " + name + ": dims " + Arrays.toString(dims) + " but " + elements + " values");
        }
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(dataType).setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    public static String typeName(int dataType) {
        TensorProto.DataType dt = TensorProto.DataType.forNumber(dataType);
        return dt == null ? "type " + dataType : dt.name();
    }

    private static void checkRawSize(TensorProto t, long n, int bytesPer) {
        long expected = n * bytesPer;
        if (t.getRawData().size() != expected) {
            throw new BadInputException("tensor '" + t.getName() + "' has " + t.getRawData().size() + " bytes of data, dims "
                    + Arrays.toString(dims(t)) + " need " + expected + " (truncated or corrupt)");
        }
    }

    private static BadInputException sizeMismatch(TensorProto t, long expected, int actual) {
        return new BadInputException("tensor '" + t.getName() + "' has " + actual + " values, dims "
                + Arrays.toString(dims(t)) + " need " + expected + " (truncated or corrupt)");
    }
}
