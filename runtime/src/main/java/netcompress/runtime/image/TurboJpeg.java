package netcompress.runtime.image;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * JPEG decoding through the system's libjpeg-turbo (TurboJPEG API, Debian's libturbojpeg0), the library
 * Pillow itself decodes with: the same accurate integer IDCT and fancy upsampling, so a full decode gives
 * PIL's pixels; its SIMD code decodes about 2x faster than the libjpeg inside OpenCV's jar; and a warning
 * comes back from the call for that one image (never printed), which OpenCV's decoder cannot offer.
 *
 * <p>Optional: without the library (or for CMYK/YCCK files, which TurboJPEG cannot turn into RGB) the
 * caller decodes with OpenCV. Handles are pooled, one per concurrent decode, and live as long as the process; one that met
 * a damaged file is destroyed instead.
 */
final class TurboJpeg {
    /** One decode's pixels (interleaved B, G, R) and the warning libjpeg raised on the way, or null. */
    record Decoded(byte[] bgr, int width, int height, String warning) {
    }

    interface Lib extends Library {
        Pointer tjInitDecompress();

        int tjDecompressHeader3(Pointer handle, byte[] jpeg, NativeLong size, IntByReference width, IntByReference height,
                                IntByReference subsampling, IntByReference colorspace);

        int tjDecompress2(Pointer handle, byte[] jpeg, NativeLong size, byte[] dst, int width, int pitch, int height,
                          int pixelFormat, int flags);

        int tjGetErrorCode(Pointer handle);

        String tjGetErrorStr2(Pointer handle);

        int tjDestroy(Pointer handle);
    }

    private static final int TJPF_BGR = 1;
    private static final int TJCS_CMYK = 3;
    private static final int TJCS_YCCK = 4;
    private static final int TJERR_WARNING = 0;
    private static final Lib LIB = load();
    private static final ConcurrentLinkedQueue<Pointer> HANDLES = new ConcurrentLinkedQueue<>();

    private TurboJpeg() {
    }

    private static Lib load() {
        if (Boolean.getBoolean("netcompress.opencvJpeg")) {
            return null;
        }
        try {
            return Native.load("turbojpeg", Lib.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    static boolean available() {
        return LIB != null;
    }

    /**
     * The first warning of the call that just failed on {@code h}; throws when it was a fatal error. TurboJPEG
     * 2.1 calls a fatal error that follows a warning a warning too (its flag stays set), but the text it keeps is
     * then the error's, which is not one of libjpeg's warnings: Pillow stops there with "broken data stream".
     */
    private static String warningOrThrow(Pointer h) throws BadImageException {
        String message = LIB.tjGetErrorStr2(h);
        if (LIB.tjGetErrorCode(h) != TJERR_WARNING || !LibjpegMessages.isWarning(message)) {
            throw new BadImageException("corrupt JPEG: " + message);
        }
        return message;
    }

    /**
     * Decodes at 1/{@code scale} (1, 2, 4 or 8); null when TurboJPEG cannot give RGB for this file (CMYK), so the
     * caller uses another decoder.
     */
    static Decoded decode(byte[] jpeg, int scale) throws BadImageException {
        Pointer h = HANDLES.poll();
        if (h == null) {
            h = LIB.tjInitDecompress();
            if (h == null) {
                throw new IllegalStateException("tjInitDecompress failed");
            }
        }
        boolean clean = false;
        try {
            NativeLong size = new NativeLong(jpeg.length);
            IntByReference w = new IntByReference();
            IntByReference ht = new IntByReference();
            IntByReference sub = new IntByReference();
            IntByReference cs = new IntByReference();
            String warning = null;
            if (LIB.tjDecompressHeader3(h, jpeg, size, w, ht, sub, cs) != 0) {
                // a warning (an odd JFIF revision) leaves the header read; the decode below raises it again
                warning = warningOrThrow(h);
            }
            if (cs.getValue() == TJCS_CMYK || cs.getValue() == TJCS_YCCK) {
                return null;
            }
            // TurboJPEG picks the largest scaling factor whose output fits the size asked for: ceil(w / scale) is 1/scale
            int width = (w.getValue() + scale - 1) / scale;
            int height = (ht.getValue() + scale - 1) / scale;
            byte[] bgr = new byte[width * height * 3];
            if (LIB.tjDecompress2(h, jpeg, size, bgr, width, width * 3, height, TJPF_BGR, 0) != 0) {
                warning = warningOrThrow(h);
            }
            clean = warning == null;
            return new Decoded(bgr, width, height, warning);
        } finally {
            // a handle that saw an error or a warning may keep libjpeg state from that file: not reused
            if (clean) {
                HANDLES.offer(h);
            } else {
                LIB.tjDestroy(h);
            }
        }
    }
}
