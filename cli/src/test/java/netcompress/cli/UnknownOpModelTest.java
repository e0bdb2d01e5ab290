package netcompress.cli;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model with an op outside shape inference (Resize) goes through the whole command line: counted
 * (parameters exact, MACs a lower bound), pruned around the op, and the pruned file counted and
 * inspected again.
 */
class UnknownOpModelTest {
    @TempDir
    Path dir;

    @Test
    void countPruneAndInspectAModelWithResize() {
        Path in = dir.resolve("resize.onnx");
        OnnxModels.write(resizeNet(), in, false);

        CliRun count = CliRun.of("count", in.toString());
        assertEquals(0, count.code(), count.err());
        // 3*8*9+8 + 8*8*9+8 + 12*8*9+12 + 16*12*9+16 + 16*5+5 = 224 + 584 + 876 + 1,744 + 85
        assertTrue(count.out().contains("Total params: 3,513"), count.out());
        assertTrue(count.out().contains("MACs per image: at least"), count.out());

        Path out = dir.resolve("pruned.onnx");
        CliRun prune = CliRun.of("prune", "--model", in.toString(), "--budget", "2600", "--out", out.toString());
        assertEquals(0, prune.code(), prune.err());
        assertTrue(prune.out().contains("Resize"), "the barrier is listed: " + prune.out());

        CliRun after = CliRun.of("count", out.toString(), "--budget", "2600");
        assertEquals(0, after.code(), after.out() + after.err());
        CliRun inspect = CliRun.of("inspect", out.toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().lines().anyMatch(l -> l.contains("Resize") && l.contains("?")), inspect.out());
    }

    /** Conv, Conv, Resize (nearest, half size), Conv, Conv, global pool, Gemm. */
    private static ModelProto resizeNet() {
        GraphBuilder b = new GraphBuilder("resize_net", 3);
        b.input("input", -1, 3, 16, 16);
        String x = b.relu(b.conv("input", 8, 3, 1, 1, 1, true));
        x = b.relu(b.conv(x, 8, 3, 1, 1, 1, true));
        AttributeProto scales = AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                .setT(Tensors.floatTensor("scales", new long[] {4}, new float[] {1, 1, 0.5f, 0.5f})).build();
        String r = b.node("Resize", new String[] {x, "", b.node("Constant", new String[0], scales)}, Attributes.string("mode", "nearest"));
        Random rnd = new Random(5);
        String w = b.initializer("after_resize_w", new long[] {12, 8, 3, 3}, values(rnd, 12 * 8 * 9));
        String bias = b.initializer("after_resize_b", new long[] {12}, values(rnd, 12));
        x = b.relu(b.node("Conv", new String[] {r, w, bias}, Attributes.ints("kernel_shape", 3, 3), Attributes.ints("pads", 1, 1, 1, 1)));
        x = b.relu(b.conv(x, 16, 3, 1, 1, 1, true));
        b.output(b.gemm(b.flatten(b.globalAvgPool(x)), 5), "logits");
        return b.build();
    }

    private static float[] values(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.2);
        }
        return v;
    }
}
