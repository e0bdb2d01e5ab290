package netcompress.runtime.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A PNG's chunks as Pillow reads them, rewritten where libpng would decide otherwise. Pillow checks the checksum
 * of every chunk before the image data and refuses a file whose checksum is wrong; it never checks the IDAT
 * checksums, and it stops reading at the end of the IDAT run, so what follows (IEND, text chunks, bytes cut
 * short or appended) does not matter to it. libpng refuses a wrong IDAT checksum and a file without IEND. So
 * the bytes handed to libpng get IDAT checksums recomputed and end with a fresh IEND after the IDAT run, and each
 * such change is noted for the warning line.
 */
final class PngStream {
    /** The bytes libpng should decode and what was changed to make them, empty when nothing was. */
    record ForLibpng(byte[] bytes, List<String> notes) {
    }

    private static final int SIGNATURE = 8;
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private PngStream() {
    }

    static ForLibpng prepare(byte[] b) throws BadImageException {
        List<String> notes = new ArrayList<>();
        int i = SIGNATURE;
        int idatEnd = -1;
        List<int[]> badIdat = new ArrayList<>();
        while (true) {
            if (i + 8 > b.length) {
                if (idatEnd < 0) {
                    throw new BadImageException("truncated PNG: the data ends before the image data (IDAT)");
                }
                break;
            }
            long length = ImageHeaders.u32be(b, i);
            String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
            boolean idat = type.equals("IDAT");
            if (idatEnd >= 0 && !idat) {
                break; // the IDAT run is over: Pillow reads no further for the pixels
            }
            if (i + 12 + length > b.length) {
                if (idat) {
                    throw new BadImageException("truncated PNG: the data ends inside the image data (IDAT chunk at byte " + i + ")");
                }
                // a length past the end of a header chunk is more likely a damaged length field than a cut file
                throw new BadImageException("corrupt PNG: the " + printable(type) + " chunk at byte " + i + " declares " + length
                        + " bytes, more than the file holds");
            }
            int end = (int) (i + 12 + length);
            CRC32 crc = new CRC32();
            crc.update(b, i + 4, (int) length + 4);
            boolean crcOk = crc.getValue() == ImageHeaders.u32be(b, end - 4);
            if (idat) {
                if (!crcOk) {
                    badIdat.add(new int[] {end - 4, (int) crc.getValue()});
                }
                idatEnd = end;
            } else if (!crcOk) {
                throw new BadImageException("corrupt PNG: bad checksum in the " + printable(type) + " chunk at byte " + i + " (Pillow refuses it too)");
            }
            i = end;
        }
        boolean closed = idatEnd + IEND.length <= b.length && Arrays.equals(b, idatEnd, idatEnd + IEND.length, IEND, 0, IEND.length);
        if (badIdat.isEmpty() && closed) {
            return new ForLibpng(b, List.of());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(idatEnd + IEND.length);
        out.write(b, 0, idatEnd);
        out.write(IEND, 0, IEND.length);
        byte[] fixed = out.toByteArray();
        for (int[] bad : badIdat) {
            fixed[bad[0]] = (byte) (bad[1] >>> 24);
            fixed[bad[0] + 1] = (byte) (bad[1] >>> 16);
            fixed[bad[0] + 2] = (byte) (bad[1] >>> 8);
            fixed[bad[0] + 3] = (byte) bad[1];
        }
        if (!badIdat.isEmpty()) {
            notes.add(badIdat.size() + " IDAT checksum" + (badIdat.size() == 1 ? " does" : "s do") + " not match");
        }
        if (!closed) {
            notes.add("no IEND chunk right after the image data");
        }
        return new ForLibpng(fixed, notes);
    }

    /** A chunk type as it can be printed: damaged types hold any byte. */
    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? type : "(damaged type)";
    }
}
