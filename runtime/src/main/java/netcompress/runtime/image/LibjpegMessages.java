package netcompress.runtime.image;

import java.util.List;

/**
 * What a libjpeg message means for PIL's decision. libjpeg's warnings (jerror.h's JWRN_ codes) leave an image
 * that Pillow decodes and uses, damaged pixels and all; any other message is a fatal error, which Pillow reports
 * as "broken data stream".
 */
final class LibjpegMessages {
    /** The texts of libjpeg-turbo's JWRN_ messages, up to their first formatted argument. */
    private static final List<String> WARNINGS = List.of(
            "Corrupt JPEG data", "Premature end of JPEG file", "Warning: ", "Invalid SOS parameters for sequential JPEG",
            "Inconsistent progression sequence", "Unknown Adobe color transform code", "Application transferred too many scanlines");

    private LibjpegMessages() {
    }

    /** A JWRN_ message: decoding went on to the end of the image. */
    static boolean isWarning(String message) {
        return WARNINGS.stream().anyMatch(message::startsWith);
    }
}
