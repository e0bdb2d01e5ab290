package netcompress.pruner;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.tensor.Tensors;

import java.util.List;
import java.util.Random;

/**
 * Small graphs built with the onnx-tools builder, one per coupling the pruner must handle. BN
 * statistics and scales are randomized so that "carries nothing" is not an accident of defaults.
 */
final class TestNets {
    static final long[] INPUT = {2, 3, 16, 16};

    private TestNets() {
    }

    record Net(String name, ModelProto model) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every net at width multiplier 1: small, for exactness tests. */
    static List<Net> all() {
        return all(1);
    }

    /** Every net with channel counts times {@code w}. */
    static List<Net> all(int w) {
        String x = w == 1 ? "" : "_x" + w;
        return List.of(new Net("residual" + x, residual(w)), new Net("squeeze_excite" + x, squeezeExcite(w)),
                new Net("ghost_concat_slice" + x, ghost(w)), new Net("flatten_gemm_gemm" + x, flattenGemm(w)),
                new Net("shared_bias_identity" + x, sharedBias(w)), new Net("prelu_matmul_gemm" + x, preluMatMul(w)),
                new Net("split_unequal_parts" + x, split(w)), new Net("resize_barrier" + x, resizeBarrier(w)),
                new Net("channel_shuffle" + x, channelShuffle(w)));
    }

    private static GraphBuilder start(String name) {
        GraphBuilder b = new GraphBuilder(name, 7);
        b.input("input", -1, 3, 16, 16);
        return b;
    }

    private static String head(GraphBuilder b, String x) {
        String p = b.globalAvgPool(x);
        String f = b.flatten(p);
        return b.gemm(f, 5);
    }

    /** conv-BN-relu, then a basic residual block (Add), a strided block with a 1x1 projection. */
    static ModelProto residual(int w) {
        GraphBuilder b = start("residual");
        String x = b.relu(b.batchNorm(b.conv("input", 12 * w, 3, 1, 1, 1, false)));
        String y = b.relu(b.batchNorm(b.conv(x, 12 * w, 3, 1, 1, 1, false)));
        y = b.batchNorm(b.conv(y, 12 * w, 3, 1, 1, 1, false));
        x = b.relu(b.add(x, y));
        String z = b.relu(b.batchNorm(b.conv(x, 20 * w, 3, 2, 1, 1, false)));
        z = b.batchNorm(b.conv(z, 20 * w, 3, 1, 1, 1, false));
        String proj = b.batchNorm(b.conv(x, 20 * w, 1, 2, 0, 1, false));
        x = b.relu(b.add(proj, z));
        b.output(head(b, x), "logits");
        return BnRandomizer.randomize(b.build(), 11);
    }

    /** Conv with an SE gate: Mul(x, sigmoid(conv(relu(conv(GAP(x)))))), gate shaped [N,C,1,1]. */
    static ModelProto squeezeExcite(int w) {
        GraphBuilder b = start("squeeze_excite");
        String x = b.relu(b.batchNorm(b.conv("input", 16 * w, 3, 1, 1, 1, true)));
        String s = b.globalAvgPool(x);
        s = b.relu(b.conv(s, 4 * w, 1, 1, 0, 1, true));
        s = b.sigmoid(b.conv(s, 16 * w, 1, 1, 0, 1, true));
        x = b.mul(x, s);
        x = b.relu6(b.conv(x, 24 * w, 3, 2, 1, 1, true));
        String s2 = b.hardSigmoid(b.conv(b.relu(b.conv(b.globalAvgPool(x), 6 * w, 1, 1, 0, 1, true)), 24 * w, 1, 1, 0, 1, true));
        x = b.mul(s2, x);
        b.output(head(b, x), "logits");
        return BnRandomizer.randomize(b.build(), 12);
    }

    /**
     * GhostNet's module: primary conv (8), cheap depthwise op on it (8), Concat (16), out[:, :15];
     * twice, the second time feeding a residual Add; then a conv and a third module.
     */
    static ModelProto ghost(int w) {
        GraphBuilder b = start("ghost");
        String x = ghostModule(b, "input", 16 * w - 1);
        String y = ghostModule(b, x, 16 * w - 1);
        x = b.add(x, y);
        x = b.maxPool(x, 2, 2);
        x = b.relu(b.batchNorm(b.conv(x, 10 * w, 3, 1, 1, 1, false)));
        x = ghostModule(b, x, 12 * w - 1);
        b.output(head(b, x), "logits");
        return BnRandomizer.randomize(b.build(), 13);
    }

    private static String ghostModule(GraphBuilder b, String x, int oup) {
        int init = (oup + 1) / 2;
        String primary = b.relu(b.batchNorm(b.conv(x, init, 1, 1, 0, 1, false)));
        String cheap = b.relu(b.batchNorm(b.conv(primary, init, 3, 1, 1, init, false)));
        String cat = b.concat(1, primary, cheap);
        return b.sliceChannels(cat, 0, oup);
    }

    /**
     * torch.split: a spatial Split (channels pass) put back together by Concat on H; a channel Split
     * into unequal parts (8 and 12), a Conv on each, their Add; that Split again (4 and 6) and its
     * parts concatenated in swapped order.
     */
    static ModelProto split(int w) {
        GraphBuilder b = start("split");
        String x = b.relu(b.batchNorm(b.conv("input", 20 * w, 3, 1, 1, 1, false)));
        String[] rows = b.split(x, 2, 6, 10);
        x = b.concat(2, rows[1], rows[0]);
        String[] parts = b.split(x, 1, 8 * w, 12 * w);
        String a = b.relu(b.conv(parts[0], 10 * w, 3, 1, 1, 1, true));
        String c = b.relu(b.batchNorm(b.conv(parts[1], 10 * w, 3, 1, 1, 1, false)));
        String[] halves = b.split(b.add(a, c), 1, 4 * w, 6 * w);
        b.output(head(b, b.concat(1, halves[1], halves[0])), "logits");
        return BnRandomizer.randomize(b.build(), 14);
    }

    /**
     * ShuffleNetV2's blocks: chunk into halves (an equal Split), the second half through 1x1, depthwise
     * 3x3 and 1x1 convs, concatenated with the first half, then the channel shuffle (Reshape to
     * [N, g, C/g, H, W], Transpose 1 and 2, Reshape back): twice with 2 groups, then with 4 groups.
     */
    static ModelProto channelShuffle(int w) {
        GraphBuilder b = start("channel_shuffle");
        String x = b.relu(b.batchNorm(b.conv("input", 16 * w, 3, 1, 1, 1, false)));
        x = shuffleBlock(b, x, 2);
        x = shuffleBlock(b, x, 2);
        x = shuffleBlock(b, x, 4);
        b.output(head(b, x), "logits");
        return BnRandomizer.randomize(b.build(), 16);
    }

    private static String shuffleBlock(GraphBuilder b, String x, int groups) {
        long c = b.channels(x);
        String[] halves = b.splitEqually(x, 1, 2);
        String y = b.relu(b.batchNorm(b.conv(halves[1], c / 2, 1, 1, 0, 1, false)));
        y = b.batchNorm(b.conv(y, c / 2, 3, 1, 1, c / 2, false));
        y = b.relu(b.batchNorm(b.conv(y, c / 2, 1, 1, 0, 1, false)));
        String cat = b.concat(1, halves[0], y);
        long[] s = b.shape(cat);
        String split = b.node("Reshape", new String[] {cat, b.longInitializer("shuffle_split", new long[] {0, groups, -1, s[2], s[3]})});
        String swapped = b.node("Transpose", new String[] {split}, Attributes.ints("perm", 0, 2, 1, 3, 4));
        return b.node("Reshape", new String[] {swapped, b.longInitializer("shuffle_merge", new long[] {0, -1, s[2], s[3]})});
    }

    /**
     * Conv, Conv, then Resize (outside the shape inference set: a barrier), a Conv whose input shape
     * is therefore unknown (a barrier too), a Conv and the head. The first Conv's and the last
     * Conv's channels prune; those around Resize stay.
     */
    static ModelProto resizeBarrier(int w) {
        GraphBuilder b = start("resize_barrier");
        String x = b.relu(b.conv("input", 8 * w, 3, 1, 1, 1, true));
        x = b.relu(b.conv(x, 8 * w, 3, 1, 1, 1, true));
        AttributeProto scales = AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                .setT(Tensors.floatTensor("scales", new long[] {4}, new float[] {1, 1, 0.5f, 0.5f})).build();
        String r = b.node("Resize", new String[] {x, "", b.node("Constant", new String[0], scales)}, Attributes.string("mode", "nearest"));
        // the builder cannot ask Resize's output for its channels: the weight says them
        Random rnd = new Random(9);
        String wName = b.initializer("after_resize_w", new long[] {12 * w, 8 * w, 3, 3}, scaled(values(rnd, 12 * w * 8 * w * 9), 0.3f));
        String bName = b.initializer("after_resize_b", new long[] {12 * w}, values(rnd, 12 * w));
        x = b.relu(b.node("Conv", new String[] {r, wName, bName}, Attributes.ints("kernel_shape", 3, 3), Attributes.ints("pads", 1, 1, 1, 1)));
        x = b.relu(b.conv(x, 16 * w, 3, 1, 1, 1, true));
        b.output(head(b, x), "logits");
        return b.build();
    }

    /** Conv-relu-pool to a 10x4x4 map, Flatten (each channel owns 16 features), Gemm-relu-Gemm. */
    static ModelProto flattenGemm(int w) {
        GraphBuilder b = start("flatten_gemm");
        String x = b.maxPool(b.relu(b.conv("input", 8 * w, 3, 1, 1, 1, true)), 2, 2);
        x = b.maxPool(b.relu(b.conv(x, 10 * w, 3, 1, 1, 1, true)), 2, 2);
        String f = b.flatten(x);
        String h = b.relu(b.gemm(f, 24 * w));
        h = b.dropout(h);
        h = b.relu(b.gemm(h, 18 * w));
        b.output(b.gemm(h, 5), "logits");
        return b.build();
    }

    /**
     * PRelu with a [C,1,1] slope, then Linear layers written as MatMul + Add (bias) and as Gemm with
     * transB=0 (weight [in, out]), as exporters other than PyTorch's write them.
     */
    static ModelProto preluMatMul(int w) {
        GraphBuilder b = start("prelu_matmul");
        Random r = new Random(3);
        String x = b.conv("input", 12 * w, 3, 2, 1, 1, true);
        x = b.node("PRelu", new String[] {x, b.initializer("slope", new long[] {12 * w, 1, 1}, values(r, 12 * w))});
        x = b.maxPool(b.relu(b.conv(x, 9 * w, 3, 1, 1, 1, true)), 2, 2);
        String f = b.flatten(x);
        long in = b.shape(f)[1];
        String h = b.node("MatMul", new String[] {f, b.initializer("mm_w", new long[] {in, 14 * w}, scaled(values(r, (int) in * 14 * w), 0.05f))});
        h = b.relu(b.add(h, b.initializer("mm_b", new long[] {14 * w}, values(r, 14 * w))));
        String g = b.node("Gemm", new String[] {h, b.initializer("g_w", new long[] {14 * w, 5}, values(r, 14 * w * 5)),
                b.initializer("g_b", new long[] {5}, values(r, 5))});
        b.output(g, "logits");
        return b.build();
    }

    private static float[] values(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() - 0.5f;
        }
        return v;
    }

    private static float[] scaled(float[] v, float f) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= f;
        }
        return v;
    }

    /**
     * Three convs whose biases are one initializer reached through Identity nodes, as PyTorch's
     * exporter deduplicates equal tensors.
     */
    static ModelProto sharedBias(int w) {
        GraphBuilder b = start("shared_bias");
        int c = 8 * w;
        float[] bias = new float[c];
        Random r = new Random(5);
        for (int i = 0; i < bias.length; i++) {
            bias[i] = r.nextFloat() - 0.5f;
        }
        String shared = b.initializer("shared_bias", new long[] {c}, bias);
        String x = "input";
        for (int layer = 0; layer < 3; layer++) {
            long inC = b.channels(x);
            float[] weights = new float[(int) (c * inC * 9)];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (r.nextFloat() - 0.5f) * 0.4f;
            }
            String wName = b.initializer("w", new long[] {c, inC, 3, 3}, weights);
            String biasAlias = b.node("Identity", new String[] {shared});
            x = b.relu(b.node("Conv", new String[] {x, wName, biasAlias}, Attributes.ints("kernel_shape", 3, 3),
                    Attributes.ints("pads", 1, 1, 1, 1)));
        }
        b.output(head(b, x), "logits");
        return b.build();
    }
}
