package netcompress.runtime.image;

import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;

/** Loads OpenCV's native library once per process (the openpnp jar unpacks it to a temporary folder). */
public final class OpenCvLoader {
    private static volatile boolean loaded;

    private OpenCvLoader() {
    }

    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (OpenCvLoader.class) {
            if (!loaded) {
                try {
                    nu.pattern.OpenCV.loadLocally();
                } catch (RuntimeException | UnsatisfiedLinkError e) {
                    throw new NetcompressException(ExitCode.INTERNAL,
                            "could not load OpenCV's native library for image decoding: " + e.getMessage(), e);
                }
                loaded = true;
            }
        }
    }
}
