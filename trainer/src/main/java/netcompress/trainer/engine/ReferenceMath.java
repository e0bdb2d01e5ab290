package netcompress.trainer.engine;

import java.util.function.ToDoubleFunction;

/**
 * The kernels the trainer uses, in float64 Java and as plainly as they are defined: the engine check's
 * answers, which must not come from libtorch. All tensors are NCHW, flattened; outputs are square.
 */
final class ReferenceMath {
    private ReferenceMath() {
    }

    static int outSide(int side, int k, int stride, int pad) {
        return (side + 2 * pad - k) / stride + 1;
    }

    /** Convolution without bias; x is n×c×h×h, w is o×(c/groups)×k×k. */
    static double[] conv(float[] x, int n, int c, int h, float[] w, int o, int k, int stride, int pad, int groups) {
        int oh = outSide(h, k, stride, pad), cg = c / groups, og = o / groups;
        double[] y = new double[n * o * oh * oh];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int g = oc / og;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < oh; j++) {
                        double acc = 0;
                        for (int ic = 0; ic < cg; ic++) {
                            for (int ki = 0; ki < k; ki++) {
                                int r = i * stride - pad + ki;
                                if (r < 0 || r >= h) {
                                    continue;
                                }
                                for (int kj = 0; kj < k; kj++) {
                                    int s = j * stride - pad + kj;
                                    if (s >= 0 && s < h) {
                                        acc += (double) x[((b * c + g * cg + ic) * h + r) * h + s] * w[((oc * cg + ic) * k + ki) * k + kj];
                                    }
                                }
                            }
                        }
                        y[((b * o + oc) * oh + i) * oh + j] = acc;
                    }
                }
            }
        }
        return y;
    }

    /** The gradients of {@code sum(conv(x, w) * dy)}: {dx, dw}. */
    static double[][] convGrads(float[] x, int n, int c, int h, float[] w, int o, int k, int stride, int pad, int groups, float[] dy) {
        int oh = outSide(h, k, stride, pad), cg = c / groups, og = o / groups;
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int g = oc / og;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < oh; j++) {
                        double d = dy[((b * o + oc) * oh + i) * oh + j];
                        for (int ic = 0; ic < cg; ic++) {
                            for (int ki = 0; ki < k; ki++) {
                                int r = i * stride - pad + ki;
                                for (int kj = 0; kj < k && r >= 0 && r < h; kj++) {
                                    int s = j * stride - pad + kj;
                                    if (s >= 0 && s < h) {
                                        int xi = ((b * c + g * cg + ic) * h + r) * h + s;
                                        int wi = ((oc * cg + ic) * k + ki) * k + kj;
                                        dx[xi] += d * w[wi];
                                        dw[wi] += d * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dx, dw};
    }

    /** BatchNormalization over n×c×h×h: batch statistics (biased variance) when training, the given ones otherwise. */
    static double[] batchNorm(double[] x, int n, int c, int h, double[] gamma, double[] beta, double[] mean, double[] var, boolean training,
                              double eps) {
        int plane = h * h;
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            double mu = mean[ch], v = var[ch];
            if (training) {
                double s = 0, ss = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < plane; i++) {
                        s += x[(b * c + ch) * plane + i];
                    }
                }
                mu = s / (n * plane);
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < plane; i++) {
                        double d = x[(b * c + ch) * plane + i] - mu;
                        ss += d * d;
                    }
                }
                v = ss / (n * plane);
            }
            double inv = 1 / Math.sqrt(v + eps);
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < plane; i++) {
                    int at = (b * c + ch) * plane + i;
                    y[at] = (x[at] - mu) * inv * gamma[ch] + beta[ch];
                }
            }
        }
        return y;
    }

    /** Max or average pooling (average counting only the cells inside the image, ONNX's count_include_pad=0). */
    static double[] pool(double[] x, int n, int c, int h, int k, int stride, int pad, boolean max) {
        int oh = outSide(h, k, stride, pad);
        double[] y = new double[n * c * oh * oh];
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < oh; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int cells = 0;
                    for (int ki = 0; ki < k; ki++) {
                        int r = i * stride - pad + ki;
                        for (int kj = 0; kj < k && r >= 0 && r < h; kj++) {
                            int s = j * stride - pad + kj;
                            if (s >= 0 && s < h) {
                                double v = x[(p * h + r) * h + s];
                                acc = max ? Math.max(acc, v) : acc + v;
                                cells++;
                            }
                        }
                    }
                    y[(p * oh + i) * oh + j] = max ? acc : acc / cells;
                }
            }
        }
        return y;
    }

    /** x (n×in) times w (out×in) transposed, plus b: ONNX's Gemm with transB=1, PyTorch's Linear. */
    static double[] linear(double[] x, int n, int in, double[] w, double[] b, int out) {
        double[] y = new double[n * out];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double acc = b[o];
                for (int j = 0; j < in; j++) {
                    acc += x[i * in + j] * w[o * in + j];
                }
                y[i * out + o] = acc;
            }
        }
        return y;
    }

    /** Hinton's loss as {@code HintonKd} defines it: alpha·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1−alpha)·CE(s, y), batch means. */
    static double hintonKd(double[] student, double[] teacher, int[] labels, int classes, double alpha, double temperature) {
        int n = labels.length;
        double kl = 0, ce = 0;
        for (int i = 0; i < n; i++) {
            double[] logPt = logSoftmax(teacher, i, classes, temperature);
            double[] logPs = logSoftmax(student, i, classes, temperature);
            for (int j = 0; j < classes; j++) {
                kl += Math.exp(logPt[j]) * (logPt[j] - logPs[j]);
            }
            ce -= logSoftmax(student, i, classes, 1)[labels[i]];
        }
        return alpha * temperature * temperature * kl / n + (1 - alpha) * ce / n;
    }

    private static double[] logSoftmax(double[] logits, int row, int classes, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            max = Math.max(max, logits[row * classes + j] / temperature);
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
            sum += Math.exp(logits[row * classes + j] / temperature - max);
        }
        double[] out = new double[classes];
        for (int j = 0; j < classes; j++) {
            out[j] = logits[row * classes + j] / temperature - max - Math.log(sum);
        }
        return out;
    }

    /** The gradient of a scalar function by central differences, in float64 (exact to about 1e-8 on these small, smooth cases). */
    static double[] gradient(double[] at, ToDoubleFunction<double[]> f) {
        double[] g = new double[at.length];
        double[] p = at.clone();
        for (int i = 0; i < at.length; i++) {
            double h = 1e-5 * Math.max(1, Math.abs(at[i]));
            p[i] = at[i] + h;
            double up = f.applyAsDouble(p);
            p[i] = at[i] - h;
            double down = f.applyAsDouble(p);
            p[i] = at[i];
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    /** {@code sum(y * dy)}: the scalar whose gradient is the backward pass of y with incoming gradient dy. */
    static double dot(double[] y, float[] dy) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i] * dy[i];
        }
        return s;
    }

    static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
