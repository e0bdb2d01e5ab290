package netcompress.pruner;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The couplings the rule table must find, checked on PyTorch's own exports and on built graphs. */
class DependencyTest {
    private static ChannelDependencies deps(String fixture) {
        return ChannelDependencies.analyze(OnnxModels.read(Fixtures.path(fixture)), List.of());
    }

    private static String out(ChannelDependencies d, String node) {
        for (NodeProto n : d.index().graph().getNodeList()) {
            if (n.getName().equals(node)) {
                return n.getOutput(0);
            }
        }
        throw new AssertionError("no node " + node);
    }

    @Test
    void concatFeedingResidualAddCouplesEachHalfWithItsBranch() {
        ChannelDependencies d = deps("mini_mbv2.onnx");
        String b1 = out(d, "/features/features.4/b1/b1.0/Conv");
        String b2 = out(d, "/features/features.4/b2/b2.0/b2.0.0/Conv");
        String b2dw = out(d, "/features/features.4/b2/b2.1/b2.1.0/Conv");
        String block = out(d, "/features/features.5/block/block.2/block.2.0/Conv");
        for (int c = 0; c < 16; c++) {
            assertEquals(d.groupOf(b1, c), d.groupOf(block, c));
            assertEquals(d.groupOf(b2, c), d.groupOf(block, 16 + c), "depthwise keeps the channel of its input");
            assertEquals(d.groupOf(b2, c), d.groupOf(b2dw, c));
            assertFalse(d.isPinned(d.groupOf(block, c)));
        }
        assertNotEquals(d.groupOf(b1, 0), d.groupOf(b2, 0));
    }

    @Test
    void residualAddCouplesBothSummands() {
        ChannelDependencies d = deps("mini_mbv2_bn.onnx");
        NodeProto add = d.index().graph().getNodeList().stream().filter(n -> n.getName().equals("/features/features.3/Add")).findFirst().orElseThrow();
        for (int c = 0; c < 24; c++) {
            assertEquals(d.groupOf(add.getInput(0), c), d.groupOf(add.getInput(1), c));
        }
    }

    @Test
    void flattenOfSpatialMapGivesEachChannelItsNineFeatures() {
        ChannelDependencies d = deps("fmnist_cnn.onnx");
        int group = d.groupOf(out(d, "/8/Conv"), 5);
        List<ChannelDependencies.Member> gemmIn = d.members(group).stream()
                .filter(m -> m.op().equals("Gemm") && m.side() == ChannelCut.Side.IN).toList();
        assertEquals(List.of(45, 46, 47, 48, 49, 50, 51, 52, 53), gemmIn.stream().map(ChannelDependencies.Member::index).toList());
        assertTrue(gemmIn.stream().allMatch(m -> m.axis() == 1), "Gemm transB=1: features are weight axis 1");
    }

    @Test
    void logitsAndInputChannelsArePinnedHiddenLayersAreNot() {
        ChannelDependencies d = deps("student_bn.onnx");
        for (int c = 0; c < 11; c++) {
            assertTrue(d.isPinned(d.groupOf("logits", c)));
        }
        for (int c = 0; c < 3; c++) {
            assertTrue(d.isPinned(d.groupOf("input", c)));
        }
        assertEquals(32 + 32 + 64 + 100, d.prunableGroups().size());
        assertTrue(d.barriers().isEmpty(), d.barriers().toString());
    }

    @Test
    void squeezeExciteGateSharesTheChannelsItScales() {
        ChannelDependencies d = ChannelDependencies.analyze(TestNets.squeezeExcite(1), List.of());
        NodeProto mul = d.index().graph().getNodeList().stream().filter(n -> n.getOpType().equals("Mul")).findFirst().orElseThrow();
        NodeProto gate = d.index().producer(mul.getInput(1));
        assertEquals("Sigmoid", gate.getOpType());
        for (int c = 0; c < 16; c++) {
            assertEquals(d.groupOf(mul.getInput(0), c), d.groupOf(mul.getInput(1), c));
        }
    }

    @Test
    void ghostSliceKeepsTheFirstOupChannelsOfTheConcat() {
        ChannelDependencies d = ChannelDependencies.analyze(TestNets.ghost(1), List.of());
        NodeProto slice = d.index().graph().getNodeList().stream().filter(n -> n.getOpType().equals("Slice")).findFirst().orElseThrow();
        String cat = slice.getInput(0);
        assertEquals(15, d.map(slice.getOutput(0)).length());
        for (int c = 0; c < 15; c++) {
            assertEquals(d.groupOf(cat, c), d.groupOf(slice.getOutput(0), c));
        }
        assertEquals(d.groupOf(cat, 0), d.groupOf(cat, 8), "the cheap depthwise half repeats the primary channels");
    }

    @Test
    void matMulBiasAddGemmTransB0AndPReluSlopeAreCutOnTheRightAxes() {
        ChannelDependencies d = ChannelDependencies.analyze(TestNets.preluMatMul(1), List.of());
        NodeProto mm = d.index().graph().getNodeList().stream().filter(n -> n.getOpType().equals("MatMul")).findFirst().orElseThrow();
        List<ChannelDependencies.Member> hidden = d.members(d.groupOf(mm.getOutput(0), 3));
        assertTrue(hidden.stream().anyMatch(m -> m.op().equals("MatMul") && m.axis() == 1 && m.index() == 3 && m.side() == ChannelCut.Side.OUT));
        assertTrue(hidden.stream().anyMatch(m -> m.op().equals("Add") && m.slot() == 1 && m.axis() == 0 && m.index() == 3));
        assertTrue(hidden.stream().anyMatch(m -> m.op().equals("Gemm") && m.axis() == 0 && m.index() == 3 && m.side() == ChannelCut.Side.IN),
                "Gemm with transB=0 reads features on weight axis 0");
        NodeProto prelu = d.index().graph().getNodeList().stream().filter(n -> n.getOpType().equals("PRelu")).findFirst().orElseThrow();
        assertTrue(d.members(d.groupOf(prelu.getOutput(0), 7)).stream().anyMatch(m -> m.op().equals("PRelu") && m.axis() == 0 && m.index() == 7));
    }

    @Test
    void reshapeAndTransposeAreBarriersAndListedWhileAGroupedConvPrunesTheSamePositionsInEveryGroup() {
        GraphBuilder b = new GraphBuilder("barriers", 3);
        b.input("input", -1, 3, 8, 8);
        String a = b.relu(b.conv("input", 8, 3, 1, 1, 1, true));
        String grouped = b.conv(a, 8, 3, 1, 1, 2, true);
        String c = b.relu(b.conv(grouped, 6, 3, 1, 1, 1, true));
        String t = b.node("Transpose", new String[] {c}, Attributes.ints("perm", 0, 1, 3, 2));
        String d1 = b.relu(b.conv(t, 5, 3, 1, 1, 1, true));
        String r = b.node("Reshape", new String[] {d1, b.longInitializer("shape", new long[] {-1, 5 * 8 * 8})});
        b.output(b.gemm(r, 4), "logits");
        ChannelDependencies d = ChannelDependencies.analyze(b.build(), List.of());
        Set<String> ops = d.barriers().stream().map(Barrier::op).collect(Collectors.toSet());
        assertEquals(Set.of("Transpose", "Reshape"), ops, d.barriers().toString());
        for (String pinnedTensor : List.of(c, d1)) {
            assertTrue(d.isPinned(d.groupOf(pinnedTensor, 0)), pinnedTensor);
        }
        // group 2 of 8 input channels: position p of both groups (channels p and p + 4) is one channel group
        assertEquals(d.groupOf(a, 1), d.groupOf(a, 5));
        assertNotEquals(d.groupOf(a, 1), d.groupOf(a, 2));
        assertEquals(d.groupOf(grouped, 3), d.groupOf(grouped, 7));
        assertFalse(d.isPinned(d.groupOf(a, 0)));
        assertFalse(d.isPinned(d.groupOf(grouped, 0)));
        PruneResult res = ChannelPruner.prune(b.build(), PruneOptions.toRatio(0.8));
        assertEquals(2, res.barriers().size());
        float[] input = Ort.randomInput(new long[] {1, 3, 8, 8}, 1);
        ExactnessTest.assertExact(b.build(), new long[] {1, 3, 8, 8}, input, 0.5, 1);
    }

    @Test
    void splitGivesEachPartItsChannelRangeAndASpatialSplitEveryChannel() {
        ModelProto m = TestNets.split(1);
        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        List<NodeProto> splits = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Split")).toList();
        NodeProto rows = splits.get(0);
        NodeProto parts = splits.get(1);
        NodeProto halves = splits.get(2);
        for (int c = 0; c < 20; c++) {
            assertEquals(d.groupOf(rows.getInput(0), c), d.groupOf(rows.getOutput(0), c), "a split over H keeps every channel");
            assertEquals(d.groupOf(rows.getInput(0), c), d.groupOf(rows.getOutput(1), c));
        }
        for (int c = 0; c < 8; c++) {
            assertEquals(d.groupOf(parts.getInput(0), c), d.groupOf(parts.getOutput(0), c));
        }
        for (int c = 0; c < 12; c++) {
            assertEquals(d.groupOf(parts.getInput(0), 8 + c), d.groupOf(parts.getOutput(1), c), "part 1 starts at channel 8");
        }
        NodeProto cat = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Concat") && n.getInput(0).equals(halves.getOutput(1)))
                .findFirst().orElseThrow();
        for (int c = 0; c < 6; c++) {
            assertEquals(d.groupOf(halves.getInput(0), 4 + c), d.groupOf(cat.getOutput(0), c), "the swapped Concat starts with part 1");
        }
        for (int c = 0; c < 4; c++) {
            assertEquals(d.groupOf(halves.getInput(0), c), d.groupOf(cat.getOutput(0), 6 + c));
        }
        assertNotEquals(d.groupOf(parts.getInput(0), 0), d.groupOf(parts.getInput(0), 8));
        assertTrue(d.barriers().isEmpty(), d.barriers().toString());
        assertEquals(20 + 10, d.prunableGroups().size(), "the first conv's 20 and the Add's 10 (its two convs united)");
        assertEquals(2, d.edits().stream().filter(e -> e.getClass().getSimpleName().equals("SplitSizes")).count(), "only channel splits get their sizes rewritten");
    }

    @Test
    void opsShapeInferenceDoesNotKnowAreBarriersThatThePrunerWorksAround() {
        ModelProto m = TestNets.resizeBarrier(1);
        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        List<NodeProto> convs = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).toList();
        assertEquals(List.of("Resize", "Conv"), d.barriers().stream().map(Barrier::op).toList(), d.barriers().toString());
        assertEquals(convs.get(2).getName(), d.barriers().get(1).node());
        assertTrue(d.barriers().get(1).reason().contains("unknown"), d.barriers().get(1).reason());
        assertFalse(d.isPinned(d.groupOf(convs.get(0).getOutput(0), 0)), "before the barrier");
        assertTrue(d.isPinned(d.groupOf(convs.get(1).getOutput(0), 0)), "read by Resize");
        assertTrue(d.isPinned(d.groupOf(convs.get(2).getOutput(0), 0)), "written by a Conv whose input shape is unknown");
        assertFalse(d.isPinned(d.groupOf(convs.get(3).getOutput(0), 0)), "after the barrier");
        assertEquals(8 + 16, d.prunableGroups().size());
    }

    @Test
    void convTransposeAndCustomDomainOpsAreBarriersAndThePruneStillLandsInBudget() {
        GraphBuilder b = new GraphBuilder("unknown_ops", 4);
        b.input("input", -1, 3, 8, 8);
        String x = b.relu(b.conv("input", 16, 3, 1, 1, 1, true));
        x = b.relu(b.conv(x, 8, 3, 1, 1, 1, true));
        String up = b.node("ConvTranspose", new String[] {x, b.initializer("up_w", new long[] {8, 6, 2, 2}, new float[8 * 6 * 4])},
                Attributes.ints("strides", 2, 2));
        String y = b.node("Conv", new String[] {up, b.initializer("w", new long[] {10, 6, 3, 3}, new float[10 * 6 * 9])},
                Attributes.ints("kernel_shape", 3, 3), Attributes.ints("pads", 1, 1, 1, 1));
        String custom = b.node("Relu", new String[] {b.relu(b.conv(b.relu(y), 24, 3, 1, 1, 1, true))});
        String z = b.node("Conv", new String[] {custom, b.initializer("w", new long[] {12, 24, 1, 1}, new float[12 * 24])},
                Attributes.ints("kernel_shape", 1, 1));
        String head = b.relu(b.conv(b.relu(z), 20, 3, 1, 1, 1, true));
        b.output(b.gemm(b.flatten(b.globalAvgPool(head)), 4), "logits");
        ModelProto built = b.build();
        GraphProto.Builder g = built.getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOutput(0).equals(custom)) {
                g.setNode(i, g.getNode(i).toBuilder().setDomain("com.example"));
            }
        }
        ModelProto m = built.toBuilder().setGraph(g).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1)).build();

        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        assertEquals(List.of("ConvTranspose", "Conv", "Relu", "Conv"), d.barriers().stream().map(Barrier::op).toList(), d.barriers().toString());
        assertTrue(d.barriers().get(2).reason().contains("com.example:Relu"), "a custom op is no Relu: " + d.barriers().get(2));
        // prunable: the first conv (16) and the last (20); the 24 feed the custom op, the 12 come from a barrier
        assertEquals(16 + 20, d.prunableGroups().size());
        long before = ParameterCount.of(m, ShapeInference.Mode.LENIENT).parameters();
        PruneResult r = ChannelPruner.prune(m, PruneOptions.toBudget(before * 7 / 10));
        assertTrue(r.withinOnePercent(), r.after().parameters() + " for budget " + r.budget());
        assertEquals(d.barriers(), r.barriers());
    }

    @Test
    void sharedInitializerIsCopiedForTheLayerThatIsCut() {
        ModelProto m = TestNets.sharedBias(1);
        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        List<NodeProto> convs = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).toList();
        int group = d.groupOf(convs.get(1).getOutput(0), 3);
        ModelProto pruned = ChannelPruner.remove(d, List.of(group));
        GraphIndex idx = GraphIndex.of(pruned.getGraph());
        List<NodeProto> after = pruned.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).toList();
        TensorProto b0 = idx.constantValue(after.get(0).getInput(2));
        TensorProto b1 = idx.constantValue(after.get(1).getInput(2));
        TensorProto b2 = idx.constantValue(after.get(2).getInput(2));
        assertArrayEquals(new long[] {8}, Tensors.dims(b0));
        assertArrayEquals(new long[] {7}, Tensors.dims(b1));
        assertArrayEquals(Tensors.floats(b0), Tensors.floats(b2));
        float[] original = Tensors.floats(GraphIndex.of(m.getGraph()).constantValue(convs.get(1).getInput(2)));
        float[] cut = Tensors.floats(b1);
        for (int i = 0, j = 0; i < 8; i++) {
            if (i != 3) {
                assertEquals(original[i], cut[j++]);
            }
        }
        assertEquals(ParameterCount.of(m).parameters() - (8 * 9 + 1) - 8 * 9, ParameterCount.of(pruned).parameters());
    }

    @Test
    void protectingAnUnknownNodeIsABadInput() {
        ModelProto m = OnnxModels.read(Fixtures.path("student.onnx"));
        var e = assertThrows(netcompress.errors.BadInputException.class, () -> ChannelDependencies.analyze(m, List.of("/no/such")));
        assertTrue(e.getMessage().contains("/no/such"));
    }

    @Test
    void pinnedGroupsCannotBeRemovedExplicitly() {
        ChannelDependencies d = deps("student.onnx");
        assertThrows(IllegalArgumentException.class, () -> ChannelPruner.remove(d, List.of(d.groupOf("logits", 0))));
    }
}
