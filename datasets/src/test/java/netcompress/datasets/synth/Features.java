package netcompress.datasets.synth;

import java.awt.image.BufferedImage;

/** Trivial hand-made features and a nearest-class-mean classifier, to measure how easy the classes are. */
final class Features {
    private Features() {
    }

    static double[] centreMeanColour(BufferedImage img) {
        double[] m = new double[3];
        int n = 0;
        for (int y = img.getHeight() / 4; y < 3 * img.getHeight() / 4; y++) {
            for (int x = img.getWidth() / 4; x < 3 * img.getWidth() / 4; x++) {
                int p = img.getRGB(x, y);
                m[0] += (p >> 16) & 0xff;
                m[1] += (p >> 8) & 0xff;
                m[2] += p & 0xff;
                n++;
            }
        }
        for (int i = 0; i < 3; i++) {
            m[i] /= n;
        }
        return m;
    }

    /** 4 levels per channel, 64 bins, normalised. */
    static double[] centreColourHistogram(BufferedImage img) {
        double[] h = new double[64];
        int n = (img.getHeight() / 2) * (img.getWidth() / 2);
        for (int y = img.getHeight() / 4; y < 3 * img.getHeight() / 4; y++) {
            for (int x = img.getWidth() / 4; x < 3 * img.getWidth() / 4; x++) {
                int p = img.getRGB(x, y);
                h[(((p >> 22) & 3) << 4) | (((p >> 14) & 3) << 2) | ((p >> 6) & 3)] += 1.0 / n;
            }
        }
        return h;
    }

    /** Class means from the first half of each class's samples, accuracy on the second half. */
    static double nearestMeanAccuracy(double[][][] samples) {
        int classes = samples.length;
        int half = samples[0].length / 2;
        int dim = samples[0][0].length;
        double[][] mean = new double[classes][dim];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < half; i++) {
                for (int d = 0; d < dim; d++) {
                    mean[c][d] += samples[c][i][d] / half;
                }
            }
        }
        int right = 0;
        int total = 0;
        for (int c = 0; c < classes; c++) {
            for (int i = half; i < samples[c].length; i++) {
                int best = -1;
                double bestDist = Double.MAX_VALUE;
                for (int k = 0; k < classes; k++) {
                    double dist = 0;
                    for (int d = 0; d < dim; d++) {
                        double t = samples[c][i][d] - mean[k][d];
                        dist += t * t;
                    }
                    if (dist < bestDist) {
                        bestDist = dist;
                        best = k;
                    }
                }
                right += best == c ? 1 : 0;
                total++;
            }
        }
        return (double) right / total;
    }
}
