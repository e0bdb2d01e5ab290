package netcompress.runtime.image;

import java.nio.charset.StandardCharsets;

/** Reads {@link ImageHeader}s from a file's bytes without decoding pixels. */
public final class ImageHeaders {
    private ImageHeaders() {
    }

    public static ImageHeader read(byte[] b) throws BadImageException {
        if (b.length == 0) {
            throw new BadImageException("empty file (0 bytes)");
        }
        ImageFormat f = sniff(b);
        try {
            return switch (f) {
                case JPEG -> jpeg(b, false);
                case PNG -> png(b);
                case GIF -> new ImageHeader(f, u16le(b, 6), u16le(b, 8), 8, false, false, true);
                case BMP -> bmp(b);
                case WEBP -> webp(b);
                case TIFF -> tiff(b);
                case PNM -> pnm(b);
                case UNKNOWN -> throw new BadImageException("not an image: starts with " + describeStart(b));
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new BadImageException("truncated " + f + " header (" + b.length + " bytes)");
        }
    }

    static ImageFormat sniff(byte[] b) {
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return ImageFormat.JPEG;
        }
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ImageFormat.PNG;
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return ImageFormat.GIF;
        }
        if (starts(b, 'B', 'M')) {
            return ImageFormat.BMP;
        }
        if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return ImageFormat.WEBP;
        }
        if (starts(b, 'I', 'I', 42, 0) || starts(b, 'M', 'M', 0, 42)) {
            return ImageFormat.TIFF;
        }
        if (b.length >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && Character.isWhitespace(b[2])) {
            return ImageFormat.PNM;
        }
        return ImageFormat.UNKNOWN;
    }

    /**
     * Whether the data holds what libjpeg reads before the image is done ({@link #scanDataComplete}): the full walk
     * of a file's markers, asked only of files the decoder warned about (clean files skip the pass over their data).
     */
    static boolean jpegDataComplete(byte[] b) throws BadImageException {
        return jpeg(b, true).complete();
    }

    /**
     * {@code walk}: {@code complete} is the full marker walk; else the quick check that an end-of-image marker
     * follows the scan (entropy-coded data never holds FF D9), enough for a file the decoder reads cleanly.
     */
    private static ImageHeader jpeg(byte[] b, boolean walk) throws BadImageException {
        int i = 2;
        int width = -1;
        int height = -1;
        boolean gray = false;
        boolean progressive = false;
        int sos = -1;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                // libjpeg skips bytes up to the next marker (with a warning), and so decodes the file: so do we
                i++;
                continue;
            }
            int m = b[i + 1] & 0xFF;
            if (m == 0xFF) {
                i++;
                continue;
            }
            if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
                // FF 00 is a stuffed data byte, not a marker (libjpeg's next_marker discards it too); TEM and RSTn stand alone
                i += 2;
                continue;
            }
            if (m == 0xD9) {
                break;
            }
            int len = u16be(b, i + 2);
            if (len < 2) {
                throw new BadImageException("corrupt JPEG: segment length " + len + " at byte " + i);
            }
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                height = u16be(b, i + 5);
                width = u16be(b, i + 7);
                gray = (b[i + 9] & 0xFF) == 1;
                progressive = m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE;
            }
            if (m == 0xDA) {
                sos = i;
                break;
            }
            i += 2 + len;
        }
        if (width < 0) {
            throw new BadImageException(sos < 0 && i + 4 > b.length
                    ? "truncated JPEG: the file ends inside its header (" + b.length + " bytes; a damaged segment length reads the same)"
                    : "corrupt JPEG: no frame header (SOF) before the scan");
        }
        if (width == 0 || height == 0) {
            throw new BadImageException("corrupt JPEG: declares " + width + "x" + height + " pixels");
        }
        boolean complete = sos >= 0 && (walk ? scanDataComplete(b, sos, progressive) : eoiAfter(b, sos));
        return new ImageHeader(ImageFormat.JPEG, width, height, 8, gray, false, complete);
    }

    /**
     * Whether the data holds what libjpeg reads before the image is done, walking the markers as libjpeg's marker
     * reader does from the first scan (at {@code sos}): entropy-coded data runs to the next marker that is not a
     * stuffed byte or a restart; segments are skipped by their declared length; bytes between segments are skipped.
     * A sequential file is done once its first scan meets a marker (what follows is read after the last pixel,
     * where Pillow ignores trouble); a progressive one is read whole before the first pixel, so it must reach EOI.
     * An unknown marker ends the walk: libjpeg stops there with an error, which the decode reports.
     */
    private static boolean scanDataComplete(byte[] b, int sos, boolean progressive) {
        int i = sos;
        while (true) {
            while (i < b.length && (b[i] & 0xFF) != 0xFF) {
                i++;
            }
            if (i + 1 >= b.length) {
                return false;
            }
            int m = b[i + 1] & 0xFF;
            if (m == 0xFF) {
                i++;
            } else if (m == 0xD9) {
                return true;
            } else if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
                i += 2;
            } else if ((m >= 0xC0 && m <= 0xCF) || (m >= 0xDA && m <= 0xDF && m != 0xDE) || m >= 0xE0 && m <= 0xEF || m == 0xFE) {
                if (i + 4 > b.length || i + 2 + u16be(b, i + 2) > b.length) {
                    return false;
                }
                i += 2 + u16be(b, i + 2);
                if (m == 0xDA) {
                    i = scanEnd(b, i);
                    if (i < 0) {
                        return false;
                    }
                    if (!progressive) {
                        return true;
                    }
                }
            } else {
                return true;
            }
        }
    }

    /** An FF D9 after {@code sos}, searched from the end (trailing bytes after it, camera padding, are allowed). */
    private static boolean eoiAfter(byte[] b, int sos) {
        for (int j = b.length - 2; j > sos; j--) {
            if ((b[j] & 0xFF) == 0xFF && (b[j + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    /** Where the entropy-coded data starting at {@code i} meets a marker, or -1 when the data ends first. */
    private static int scanEnd(byte[] b, int i) {
        for (int j = i; j + 1 < b.length; j++) {
            if ((b[j] & 0xFF) == 0xFF) {
                int n = b[j + 1] & 0xFF;
                if (n != 0x00 && n != 0xFF && !(n >= 0xD0 && n <= 0xD7)) {
                    return j;
                }
            }
        }
        return -1;
    }

    private static ImageHeader png(byte[] b) throws BadImageException {
        if (b.length < 33 || !(b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')) {
            throw new BadImageException("corrupt PNG: no IHDR chunk");
        }
        long w = u32be(b, 16);
        long h = u32be(b, 20);
        if (w == 0 || h == 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new BadImageException("corrupt PNG: declares " + w + "x" + h + " pixels");
        }
        int depth = b[24] & 0xFF;
        int colorType = b[25] & 0xFF;
        boolean gray = colorType == 0 || colorType == 4;
        boolean alpha = colorType == 4 || colorType == 6;
        boolean complete = lastIndexOf(b, new byte[]{'I', 'E', 'N', 'D'}, 33) >= 0;
        return new ImageHeader(ImageFormat.PNG, (int) w, (int) h, depth == 16 ? 16 : 8, gray, alpha, complete);
    }

    private static ImageHeader bmp(byte[] b) {
        int dibSize = (int) u32le(b, 14);
        int w;
        int h;
        if (dibSize == 12) {
            w = u16le(b, 18);
            h = u16le(b, 20);
        } else {
            w = (int) u32le(b, 18);
            h = Math.abs((int) u32le(b, 22));
        }
        return new ImageHeader(ImageFormat.BMP, w, h, 8, false, false, true);
    }

    private static ImageHeader webp(byte[] b) throws BadImageException {
        String chunk = new String(b, 12, 4, StandardCharsets.ISO_8859_1);
        int w;
        int h;
        switch (chunk) {
            case "VP8 " -> {
                w = u16le(b, 26) & 0x3FFF;
                h = u16le(b, 28) & 0x3FFF;
            }
            case "VP8L" -> {
                long bits = u32le(b, 21);
                w = (int) (bits & 0x3FFF) + 1;
                h = (int) ((bits >> 14) & 0x3FFF) + 1;
            }
            case "VP8X" -> {
                w = (int) (u24le(b, 24) + 1);
                h = (int) (u24le(b, 27) + 1);
            }
            default -> throw new BadImageException("corrupt WebP: unknown chunk '" + chunk + "'");
        }
        return new ImageHeader(ImageFormat.WEBP, w, h, 8, false, false, true);
    }

    private static ImageHeader tiff(byte[] b) {
        boolean le = b[0] == 'I';
        long ifd = le ? u32le(b, 4) : u32be(b, 4);
        int n = le ? u16le(b, (int) ifd) : u16be(b, (int) ifd);
        long w = 0;
        long h = 0;
        for (int k = 0; k < n; k++) {
            int e = (int) ifd + 2 + 12 * k;
            int tag = le ? u16le(b, e) : u16be(b, e);
            int type = le ? u16le(b, e + 2) : u16be(b, e + 2);
            long value = type == 3 ? (le ? u16le(b, e + 8) : u16be(b, e + 8)) : (le ? u32le(b, e + 8) : u32be(b, e + 8));
            if (tag == 256) {
                w = value;
            } else if (tag == 257) {
                h = value;
            }
        }
        return new ImageHeader(ImageFormat.TIFF, (int) Math.min(w, Integer.MAX_VALUE), (int) Math.min(h, Integer.MAX_VALUE),
                8, false, false, true);
    }

    private static ImageHeader pnm(byte[] b) throws BadImageException {
        long[] v = new long[2];
        int i = 2;
        for (int k = 0; k < 2; k++) {
            while (i < b.length && (Character.isWhitespace(b[i]) || b[i] == '#')) {
                if (b[i] == '#') {
                    while (i < b.length && b[i] != '\n') {
                        i++;
                    }
                } else {
                    i++;
                }
            }
            int start = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9' && i - start < 10) {
                v[k] = v[k] * 10 + (b[i] - '0');
                i++;
            }
            if (i == start) {
                throw new BadImageException("corrupt PNM: no " + (k == 0 ? "width" : "height") + " in the header");
            }
        }
        return new ImageHeader(ImageFormat.PNM, (int) Math.min(v[0], Integer.MAX_VALUE), (int) Math.min(v[1], Integer.MAX_VALUE),
                8, b[1] == '2' || b[1] == '5' || b[1] == '1' || b[1] == '4', false, true);
    }

    private static boolean starts(byte[] b, int... sig) {
        if (b.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xFF) != (sig[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static int lastIndexOf(byte[] b, byte[] needle, int from) {
        outer:
        for (int i = b.length - needle.length; i >= from; i--) {
            for (int k = 0; k < needle.length; k++) {
                if (b[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String describeStart(byte[] b) {
        StringBuilder hex = new StringBuilder();
        boolean printable = true;
        int n = Math.min(8, b.length);
        for (int i = 0; i < n; i++) {
            hex.append(String.format("%02x", b[i] & 0xFF));
            printable &= b[i] >= 0x20 && b[i] < 0x7F || b[i] == '\n' || b[i] == '\r' || b[i] == '\t';
        }
        if (printable) {
            String text = new String(b, 0, n, StandardCharsets.ISO_8859_1).replaceAll("\\s", " ");
            return "text \"" + text + "\" (" + hex + ")";
        }
        return "bytes " + hex;
    }

    private static int u16be(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int u16le(byte[] b, int i) {
        return (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }

    private static long u24le(byte[] b, int i) {
        return (b[i + 2] & 0xFFL) << 16 | (b[i + 1] & 0xFFL) << 8 | (b[i] & 0xFFL);
    }

    static long u32be(byte[] b, int i) {
        return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
    }

    private static long u32le(byte[] b, int i) {
        return (b[i + 3] & 0xFFL) << 24 | (b[i + 2] & 0xFFL) << 16 | (b[i + 1] & 0xFFL) << 8 | (b[i] & 0xFFL);
    }
}
