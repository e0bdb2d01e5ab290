package netcompress.ops;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.shape.ShapeInference;
import netcompress.pruner.ChannelDependencies;
import netcompress.pruner.ChannelPruner;
import netcompress.pruner.PruneOptions;
import netcompress.pruner.PruneResult;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.teacher.OrtTeacher;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tile, added through the registry as one file per layer (TileOp, TileRule, a trainer kernel): each layer's part. */
class TileAcrossLayersTest {
    private static ModelProto net(long channelRepeats) {
        GraphBuilder b = new GraphBuilder("tile", 13);
        b.input("input", -1, 3, 8, 8);
        String x = b.relu(b.conv("input", 8, 3, 1, 1, 1, true));
        String tiled = b.node("Tile", new String[] {x, b.longInitializer("repeats", new long[] {1, channelRepeats, 2, 1})});
        String y = b.relu(b.conv(tiled, 6, 3, 1, 1, 1, true));
        b.output(b.gemm(b.flatten(b.globalAvgPool(y)), 4), "logits");
        return b.build();
    }

    @Test
    void shapesCountTrainerAndPrunerAllKnowTile() {
        ModelProto m = net(1);
        assertArrayEquals(new long[] {1, 6, 16, 8}, ShapeInference.infer(m, 1).get(m.getGraph().getNode(4).getOutput(0)));
        assertEquals(List.of(), ModelChecker.problems(m));
        assertEquals(3 * 8 * 9 + 8 + 8 * 6 * 9 + 6 + 6 * 4 + 4, ParameterCount.of(m).parameters());

        float[] input = new float[2 * 3 * 8 * 8];
        Random r = new Random(3);
        for (int i = 0; i < input.length; i++) {
            input[i] = r.nextFloat();
        }
        float[] djl;
        try (NDManager nd = NDManager.newBaseManager(Device.cpu()); OnnxBlock block = OnnxBlock.of(m, nd, Device.cpu())) {
            djl = block.forward(nd.create(FloatBuffer.wrap(input), new Shape(2, 3, 8, 8)), false).toFloatArray();
        }
        try (OrtTeacher ort = new OrtTeacher(m, "tile", 1)) {
            float[] expected = ort.logits(FloatBuffer.wrap(input), 2, 3, 8, 8);
            for (int i = 0; i < djl.length; i++) {
                assertEquals(expected[i], djl[i], 1e-4, "DJL vs ONNX Runtime at " + i);
            }
        }

        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        assertTrue(d.barriers().isEmpty(), d.barriers().toString());
        PruneResult p = ChannelPruner.prune(m, PruneOptions.toRatio(0.5));
        assertTrue(p.after().parameters() < p.before().parameters());
        assertEquals(List.of(), ModelChecker.problems(p.model()));
        try (OrtTeacher ort = new OrtTeacher(p.model(), "tile pruned", 1)) {
            assertEquals(2 * 4, ort.logits(FloatBuffer.wrap(input), 2, 3, 8, 8).length);
        }
    }

    @Test
    void repeatingTheChannelAxisIsABarrier() {
        ChannelDependencies d = ChannelDependencies.analyze(net(2), List.of());
        assertEquals(1, d.barriers().size());
        assertEquals("Tile", d.barriers().get(0).op());
        assertFalse(d.barriers().get(0).reason().isEmpty());
    }
}
