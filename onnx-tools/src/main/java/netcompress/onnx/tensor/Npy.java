package netcompress.onnx.tensor;

import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's .npy format for float32 C-order arrays: the fixtures' inputs and logits, and the logits
 * files users ensemble. Only what those need: little-endian float32, not Fortran order.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** A float32 array with its shape. */
    public record Array(long[] shape, float[] data) {
    }

    public static Array read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(bytes, file.toString());
    }

    public static Array parse(byte[] bytes, String source) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new BadInputException(source + ": not a .npy file");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
        int dataStart = (major == 1 ? 10 : 12) + headerLen;
        if (dataStart > bytes.length) {
            throw new BadInputException(source + ": truncated .npy header");
        }
        String header = new String(bytes, major == 1 ? 10 : 12, headerLen, StandardCharsets.ISO_8859_1);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
            throw new BadInputException(source + ": only little-endian float32 C-order .npy is supported (header " + header.trim() + ")");
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new BadInputException(source + ": .npy header has no shape");
        }
        String[] parts = m.group(1).split(",");
        long[] shape = Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long n = Tensors.elementCount(shape, source);
        if ((long) bytes.length - dataStart != n * 4) {
            throw new BadInputException(source + ": .npy holds " + (bytes.length - dataStart) + " data bytes, shape needs " + n * 4);
        }
        float[] data = new float[(int) n];
        buf.position(dataStart);
        buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Array(shape, data);
    }

    public static byte[] toBytes(long[] shape, float[] data) {
        StringBuilder s = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        for (long d : shape) {
            s.append(d).append(", ");
        }
        if (shape.length > 1) {
            s.setLength(s.length() - 2);
        } else if (shape.length == 1) {
            s.setLength(s.length() - 1);
        }
        s.append("), }");
        int total = 10 + s.length() + 1;
        int pad = (64 - total % 64) % 64;
        s.append(" ".repeat(pad)).append('\n');
        byte[] header = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        out.asFloatBuffer().put(data);
        return out.array();
    }

    public static void write(Path file, boolean force, long[] shape, float[] data) {
        AtomicFiles.write(file, force, toBytes(shape, data));
    }
}
