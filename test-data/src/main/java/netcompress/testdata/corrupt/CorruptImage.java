package netcompress.testdata.corrupt;

/**
 * Awkward or broken image files an image loader must survive. {@link #valid()} says whether a robust
 * decoder should produce a picture (then {@link #width()} x {@link #height()} as displayed, with
 * {@link #rgb()} the colour of its centre pixel where the file has one uniform colour, or -1) or refuse
 * the file with a clear message. What to do with each is the loader's policy; these are the inputs.
 */
public enum CorruptImage {
    /** A plain baseline RGB JPEG, 48x32, uniform colour: the control case. */
    PLAIN_JPEG("plain.jpg", true, 48, 32, 0x3C78B4),
    /** Zero bytes. */
    EMPTY("empty.jpg", false, 0, 0, -1),
    /** A photo-like JPEG cut in the middle of its entropy-coded scan: no EOI marker. Strict decoders refuse it;
     *  libjpeg-based ones decode the top part and warn. */
    TRUNCATED_JPEG("truncated.jpg", false, 128, 96, -1),
    /** 4 KiB of seeded random bytes named .jpg. */
    RANDOM_BYTES("random.jpg", false, 0, 0, -1),
    /** A text file named .jpg. */
    TEXT_AS_JPEG("notes.jpg", false, 0, 0, -1),
    /** A GIF (palette image), 40x30, uniform green (a colour of the default web palette, so it survives exactly). */
    GIF("picture.gif", true, 40, 30, 0x339933),
    /** An 8-bit RGB PNG, 40x30, uniform colour. */
    PNG("picture.png", true, 40, 30, 0xC85020),
    /** A PNG whose name says .jpg: loaders must sniff the content, not trust the extension. */
    PNG_NAMED_JPG("png_inside.jpg", true, 40, 30, 0xC85020),
    /** A 4-channel Adobe CMYK JPEG (inverted CMYK as Photoshop writes it), 32x24, meant to show pure red. */
    CMYK_JPEG("cmyk.jpg", true, 32, 24, 0xFF0000),
    /** A 16-bit-per-channel RGB PNG, 40x30, uniform (0xFFFF, 0x8080, 0x0000): orange (255, 128, 0) at 8 bits. */
    PNG_16BIT("rgb16.png", true, 40, 30, 0xFF8000),
    /** An RGBA PNG, 40x30, colour (0, 128, 255) at alpha 128 everywhere; rgb() is the colour before compositing. */
    RGBA_PNG("rgba.png", true, 40, 30, 0x0080FF),
    /** A single-channel grayscale JPEG, 40x30, uniform gray 100. */
    GRAY_JPEG("gray.jpg", true, 40, 30, 0x646464),
    /** A 64x32 JPEG, left half red and right half blue, with EXIF orientation 6 (rotate 90 degrees clockwise
     *  to display): displayed 32x64 with red on top and blue below. rgb() is -1 as it has two colours. */
    EXIF_ROTATED_JPEG("exif_orientation6.jpg", true, 32, 64, -1),
    /** A small JPEG whose frame header declares 60000x60000 (10.8 GB as RGB): must be refused before allocating. */
    BOMB_JPEG("bomb.jpg", false, 60_000, 60_000, -1),
    /** A small PNG whose IHDR declares 60000x60000 (with a correct CRC): must be refused before allocating. */
    BOMB_PNG("bomb.png", false, 60_000, 60_000, -1);

    private final String fileName;
    private final boolean valid;
    private final int width;
    private final int height;
    private final int rgb;

    CorruptImage(String fileName, boolean valid, int width, int height, int rgb) {
        this.fileName = fileName;
        this.valid = valid;
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    public String fileName() {
        return fileName;
    }

    public boolean valid() {
        return valid;
    }

    /** Displayed width for valid files; the declared width for the bombs and the truncated JPEG; else 0. */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 0xRRGGBB of the centre pixel for uniform files, else -1. */
    public int rgb() {
        return rgb;
    }
}
