package netcompress.runtime.image;

/**
 * What an image file declares about itself before any pixel is decoded: enough to refuse a
 * decompression bomb, pick a reduced JPEG decode, and catch a truncated file.
 *
 * @param width          declared width, 0 when the format's header was not read
 * @param height         declared height, 0 when unknown
 * @param bitDepth       bits per sample (8 or 16), 8 when unknown
 * @param grayscale      the file stores one gray channel (with or without alpha)
 * @param hasAlpha       the file stores an alpha channel
 * @param complete       the file ends the way its format requires (JPEG: an end-of-image marker after the scan;
 *                       PNG: IEND present); a damaged JPEG gets the full check, {@code ImageHeaders.jpegDataComplete}
 */
public record ImageHeader(ImageFormat format, int width, int height, int bitDepth, boolean grayscale,
                          boolean hasAlpha, boolean complete) {

    public long pixels() {
        return (long) width * height;
    }

    /** Dimensions as "WxH" for messages. */
    public String size() {
        return width + "x" + height;
    }
}
