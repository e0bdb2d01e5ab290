package netcompress.trainer.data;

/** Bilinear resizing of 8-bit CHW images (half-pixel centres, as OpenCV and torchvision without antialias). */
public final class Resize {
    private Resize() {
    }

    public static byte[] bilinear(byte[] src, int c, int h, int w, int outH, int outW) {
        if (h == outH && w == outW) {
            return src;
        }
        byte[] dst = new byte[c * outH * outW];
        float sy = (float) h / outH;
        float sx = (float) w / outW;
        for (int y = 0; y < outH; y++) {
            float fy = Math.max(0, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            float dy = fy - y0;
            for (int x = 0; x < outW; x++) {
                float fx = Math.max(0, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                float dx = fx - x0;
                for (int k = 0; k < c; k++) {
                    int base = k * h * w;
                    float v = (src[base + y0 * w + x0] & 0xff) * (1 - dx) * (1 - dy) + (src[base + y0 * w + x1] & 0xff) * dx * (1 - dy)
                            + (src[base + y1 * w + x0] & 0xff) * (1 - dx) * dy + (src[base + y1 * w + x1] & 0xff) * dx * dy;
                    dst[k * outH * outW + y * outW + x] = (byte) Math.min(255, Math.round(v));
                }
            }
        }
        return dst;
    }
}
