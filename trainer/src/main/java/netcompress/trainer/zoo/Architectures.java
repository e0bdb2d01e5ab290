package netcompress.trainer.zoo;

import netcompress.onnx.graph.GraphBuilder;

/**
 * The zoo's networks, written layer by layer the way PyTorch would export them (the PyTorch twins used
 * for parameter counts and the speed benchmark are in trainer/src/test/python/zoo_reference.py; keep
 * the two in step). Inputs of at least 64 pixels are downsampled early (stride-2 stem, as ImageNet
 * nets do); smaller inputs such as Fashion-MNIST's 28x28 keep full resolution in the stem (CIFAR style).
 */
final class Architectures {
    private Architectures() {
    }

    static int ch(int c, double width) {
        return Math.max(4, (int) Math.round(c * width));
    }

    static boolean large(int size) {
        return size >= 64;
    }

    private static String convBn(GraphBuilder b, String x, int out, int k, int stride, long group) {
        return b.batchNorm(b.conv(x, out, k, stride, k / 2, group, false));
    }

    /** The assignment's StudentNet: unpadded 3x3 convs with bias, BN, ReLU, three max-pools, GAP, Linear. */
    static void studentNet(GraphBuilder b, String x, int classes, double w) {
        int[] c = {ch(32, w), ch(32, w), ch(64, w), ch(100, w)};
        x = b.relu(b.batchNorm(b.conv(x, c[0], 3, 1, 0, 1, true)));
        x = b.relu(b.batchNorm(b.conv(x, c[1], 3, 1, 0, 1, true)));
        x = b.maxPool(x, 2, 2);
        x = b.relu(b.batchNorm(b.conv(x, c[2], 3, 1, 0, 1, true)));
        x = b.maxPool(x, 2, 2);
        x = b.relu(b.batchNorm(b.conv(x, c[3], 3, 1, 0, 1, true)));
        x = b.maxPool(x, 2, 2);
        head(b, x, classes);
    }

    /** Plain VGG-style 3x3 convs (padded, BN, ReLU) in three stages, GAP, Linear: a strong small baseline. */
    static void vgg(GraphBuilder b, String x, int classes, double w, int size) {
        int[] c = {ch(24, w), ch(48, w), ch(96, w)};
        x = b.relu(convBn(b, x, c[0], 3, large(size) ? 2 : 1, 1));
        x = b.relu(convBn(b, x, c[0], 3, 1, 1));
        x = b.maxPool(x, 2, 2);
        x = b.relu(convBn(b, x, c[1], 3, 1, 1));
        x = b.relu(convBn(b, x, c[1], 3, 1, 1));
        x = b.maxPool(x, 2, 2);
        x = b.relu(convBn(b, x, c[2], 3, 1, 1));
        head(b, x, classes);
    }

    /** Depthwise-separable student (MobileNetV1-style): 3x3 stem, then depthwise 3x3 + pointwise 1x1 blocks. */
    static void dwsep(GraphBuilder b, String x, int classes, double w, int size) {
        x = b.relu(convBn(b, x, ch(32, w), 3, large(size) ? 2 : 1, 1));
        int[][] blocks = {{64, 1}, {128, 2}, {128, 1}, {256, 2}};
        for (int[] blk : blocks) {
            long in = b.channels(x);
            x = b.relu(convBn(b, x, (int) in, 3, blk[1], in));
            x = b.relu(convBn(b, x, ch(blk[0], w), 1, 1, 1));
        }
        head(b, x, classes);
    }

    /** MobileNetV2-style: inverted residuals (expand 1x1, depthwise 3x3, linear 1x1 projection) with ReLU6. */
    static void mobileNetV2(GraphBuilder b, String x, int classes, double w, int size) {
        x = b.relu6(convBn(b, x, ch(16, w), 3, large(size) ? 2 : 1, 1));
        int[][] settings = {{1, 16, 1, 1}, {4, 24, 2, 2}, {4, 32, 3, 2}, {4, 64, 2, 2}};
        for (int[] s : settings) {
            int out = ch(s[1], w);
            for (int i = 0; i < s[2]; i++) {
                int stride = i == 0 ? s[3] : 1;
                long in = b.channels(x);
                String y = x;
                long hidden = in * s[0];
                if (s[0] != 1) {
                    y = b.relu6(convBn(b, y, (int) hidden, 1, 1, 1));
                }
                y = b.relu6(convBn(b, y, (int) hidden, 3, stride, hidden));
                y = convBn(b, y, out, 1, 1, 1);
                x = stride == 1 && in == out ? b.add(x, y) : y;
            }
        }
        x = b.relu6(convBn(b, x, ch(128, w), 1, 1, 1));
        head(b, x, classes);
    }

    /** GhostNet-style: ghost modules (1x1 primary conv + cheap depthwise features, concatenated) in residual bottlenecks. */
    static void ghostNet(GraphBuilder b, String x, int classes, double w, int size) {
        x = b.relu(convBn(b, x, ch(16, w), 3, large(size) ? 2 : 1, 1));
        int[][] cfg = {{16, 16, 1}, {48, 24, 2}, {72, 24, 1}, {72, 40, 2}, {120, 40, 1}, {240, 80, 2}, {200, 80, 1}};
        for (int[] c : cfg) {
            int mid = even(ch(c[0], w));
            int out = even(ch(c[1], w));
            int stride = c[2];
            long in = b.channels(x);
            String y = ghost(b, x, mid, true);
            if (stride > 1) {
                y = convBn(b, y, mid, 3, stride, mid);
            }
            y = ghost(b, y, out, false);
            String shortcut = x;
            if (stride != 1 || in != out) {
                shortcut = convBn(b, convBn(b, x, (int) in, 3, stride, in), out, 1, 1, 1);
            }
            x = b.add(y, shortcut);
        }
        x = b.relu(convBn(b, x, ch(160, w), 1, 1, 1));
        head(b, x, classes);
    }

    private static int even(int c) {
        return c % 2 == 0 ? c : c + 1;
    }

    private static String ghost(GraphBuilder b, String x, int out, boolean relu) {
        int primary = out / 2;
        String p = convBn(b, x, primary, 1, 1, 1);
        if (relu) {
            p = b.relu(p);
        }
        String cheap = convBn(b, p, primary, 3, 1, primary);
        if (relu) {
            cheap = b.relu(cheap);
        }
        return b.concat(1, p, cheap);
    }

    /** torchvision's ResNet with BasicBlocks ({2,2,2,2} is ResNet-18, {1,1,1,1} ResNet-10), channels scaled by width. */
    static void resNet(GraphBuilder b, String x, int classes, double w, int size, int[] blocks) {
        int stem = ch(64, w);
        if (large(size)) {
            x = b.relu(b.batchNorm(b.conv(x, stem, 7, 2, 3, 1, false)));
            x = b.maxPool(x, 3, 2, 1);
        } else {
            x = b.relu(convBn(b, x, stem, 3, 1, 1));
        }
        int[] widths = {ch(64, w), ch(128, w), ch(256, w), ch(512, w)};
        for (int stage = 0; stage < 4; stage++) {
            for (int i = 0; i < blocks[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                long in = b.channels(x);
                String y = b.relu(convBn(b, x, widths[stage], 3, stride, 1));
                y = convBn(b, y, widths[stage], 3, 1, 1);
                String shortcut = x;
                if (stride != 1 || in != widths[stage]) {
                    shortcut = b.batchNorm(b.conv(x, widths[stage], 1, stride, 0, 1, false));
                }
                x = b.relu(b.add(y, shortcut));
            }
        }
        head(b, x, classes);
    }

    private static void head(GraphBuilder b, String x, int classes) {
        x = b.flatten(b.globalAvgPool(x));
        b.output(b.gemm(x, classes), "logits");
    }
}
