package netcompress.testdata;

import netcompress.errors.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads numpy {@code .npy} files holding little-endian float32 in C order (what the fixtures use):
 * the magic {@code \x93NUMPY}, a version, a header length, a Python dict literal, then the raw data.
 * Anything else is refused rather than guessed at.
 */
public final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    public static NpyArray read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public static NpyArray read(InputStream in, String source) throws IOException {
        return parse(in.readAllBytes(), source);
    }

    public static NpyArray parse(byte[] bytes, String source) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new BadInputException(source + ": not a .npy file (bad magic)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new BadInputException(source + ": truncated .npy header");
            }
            headerLen = buf.getInt(8);
            headerStart = 12;
        } else {
            throw new BadInputException(source + ": unsupported .npy version " + major);
        }
        if (headerLen < 0 || headerStart + headerLen > bytes.length) {
            throw new BadInputException(source + ": truncated .npy header");
        }
        String header = new String(bytes, headerStart, headerLen, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, "descr");
        if (!descr.equals("<f4")) {
            throw new BadInputException(source + ": dtype " + descr + " is not supported (only little-endian float32, '<f4')");
        }
        if (group(FORTRAN, header, source, "fortran_order").equals("True")) {
            throw new BadInputException(source + ": Fortran-order arrays are not supported");
        }
        int[] shape = parseShape(group(SHAPE, header, source, "shape"), source);
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        int dataStart = headerStart + headerLen;
        long need = count * 4;
        if (bytes.length - dataStart != need) {
            throw new BadInputException(source + ": shape " + Arrays.toString(shape) + " needs " + need + " data bytes, file has "
                    + (bytes.length - dataStart) + " (truncated or corrupt)");
        }
        float[] data = new float[(int) count];
        buf.position(dataStart);
        buf.asFloatBuffer().get(data);
        return new NpyArray(data, shape);
    }

    private static String group(Pattern p, String header, String source, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new BadInputException(source + ": .npy header has no '" + key + "': " + header.strip());
        }
        return m.group(1);
    }

    private static int[] parseShape(String text, String source) {
        String[] parts = text.split(",");
        return Arrays.stream(parts).map(String::strip).filter(s -> !s.isEmpty()).mapToInt(s -> {
            try {
                int d = Integer.parseInt(s);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new BadInputException(source + ": bad dimension '" + s + "' in .npy shape");
            }
        }).toArray();
    }
}
