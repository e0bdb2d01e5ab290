package netcompress.onnx.quant;

/**
 * Symmetric int8 weights, one scale per output channel (the first dimension): real = scale * q with q in
 * [-max, max] (127, or 63 for 7-bit weights). Per-channel scales matter after BatchNorm folding, which
 * leaves channels with very different magnitudes; -128 is left out so that the range is symmetric.
 */
record Int8Weights(byte[] values, float[] scales) {
    static Int8Weights perChannel(float[] w, int outChannels, int max) {
        int per = w.length / outChannels;
        byte[] q = new byte[w.length];
        float[] scales = new float[outChannels];
        for (int c = 0; c < outChannels; c++) {
            float absMax = 0f;
            for (int k = c * per; k < (c + 1) * per; k++) {
                absMax = Math.max(absMax, Math.abs(w[k]));
            }
            // an all-zero channel (a pruned or dead filter) still needs a positive scale
            float scale = absMax > 0f ? absMax / max : 1f;
            scales[c] = scale;
            for (int k = c * per; k < (c + 1) * per; k++) {
                q[k] = (byte) Math.max(-max, Math.min(max, Math.round(w[k] / scale)));
            }
        }
        return new Int8Weights(q, scales);
    }
}
