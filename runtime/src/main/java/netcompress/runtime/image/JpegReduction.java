package netcompress.runtime.image;

import netcompress.errors.BadInputException;

/**
 * How far libjpeg's scaled IDCT may shrink a JPEG before the PIL-exact resize: to 1/2, 1/4 or 1/8 only
 * while the reduced image stays at least {@code margin} times the resize target on both axes. The DCT-domain
 * downscale is a different low-pass from Pillow's antialiased bilinear; the larger the share of the shrink
 * Pillow's filter does itself, the closer the pixels stay to Pillow's (bench/RESULTS.md, decode fidelity).
 *
 * @param margin the smallest reduced-size / target ratio allowed; 0 turns reduced decoding off
 */
public record JpegReduction(double margin) {
    /** No reduced decode: every pixel as PIL decodes it ({@code --full-decode}). */
    public static final JpegReduction OFF = new JpegReduction(0);

    public JpegReduction {
        if (margin != 0 && margin < 1) {
            throw new BadInputException("a reduced JPEG decode needs a margin of at least 1 (the reduced image no smaller than the target), or 0 for off; got " + margin);
        }
    }

    /** 8, 4, 2 or 1: the largest libjpeg scale that keeps the decoded image at least margin x the target. */
    public int scale(int srcW, int srcH, int targetW, int targetH) {
        if (margin == 0) {
            return 1;
        }
        for (int r = 8; r >= 2; r /= 2) {
            if (srcW >= margin * r * targetW && srcH >= margin * r * targetH) {
                return r;
            }
        }
        return 1;
    }
}
