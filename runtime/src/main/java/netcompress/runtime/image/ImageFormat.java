package netcompress.runtime.image;

/** Container formats told apart by their first bytes, never by the file name. */
public enum ImageFormat {
    JPEG, PNG, BMP, WEBP, TIFF, PNM, GIF, UNKNOWN
}
