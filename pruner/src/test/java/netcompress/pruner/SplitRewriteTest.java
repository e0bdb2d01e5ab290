package netcompress.pruner;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After pruning, a channel Split's sizes are the channels each part keeps, in whatever form the
 * file had them: the sizes input (opset 13+), the {@code split} attribute (opset 11, written by
 * hand here), or no sizes at all (equal parts; opset 18's {@code num_outputs}), which get explicit
 * sizes once the parts differ. Each pruned file must compute what the masked original computes.
 */
class SplitRewriteTest {
    private static final long[] INPUT = {2, 3, 8, 8};

    /** How the net's one channel Split states its sizes. */
    enum Form { SIZES_INPUT, SPLIT_ATTRIBUTE, EQUAL_PARTS, NUM_OUTPUTS }

    /** Conv (10 channels) -> Relu -> Split on channels -> a Conv on each part -> Add -> head. */
    private static ModelProto net(long... sizes) {
        GraphBuilder b = new GraphBuilder("split_forms", 5);
        b.input("input", -1, 3, 8, 8);
        String x = b.relu(b.conv("input", 10, 3, 1, 1, 1, true));
        String[] p = b.split(x, 1, sizes);
        String a = b.relu(b.conv(p[0], 6, 3, 1, 1, 1, true));
        String c = b.relu(b.conv(p[1], 6, 3, 1, 1, 1, true));
        b.output(b.gemm(b.flatten(b.globalAvgPool(b.add(a, c))), 3), "logits");
        return b.build();
    }

    /** The net with its Split's sizes input turned into {@code form}, under {@code opset}. */
    private static ModelProto inForm(ModelProto m, Form form, int opset) {
        GraphIndex index = GraphIndex.of(m.getGraph());
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (!n.getOpType().equals("Split") || form == Form.SIZES_INPUT) {
                continue;
            }
            NodeProto.Builder s = n.toBuilder().clearInput().addInput(n.getInput(0));
            switch (form) {
                case SPLIT_ATTRIBUTE -> s.addAttribute(Attributes.ints("split", Tensors.longs(index.constantValue(n.getInput(1)))));
                case NUM_OUTPUTS -> s.addAttribute(Attributes.integer("num_outputs", n.getOutputCount()));
                default -> {
                }
            }
            g.setNode(i, s);
        }
        java.util.Set<String> read = new java.util.HashSet<>();
        g.getNodeList().forEach(n -> read.addAll(n.getInputList()));
        List<ai.onnx.proto.OnnxMl.TensorProto> used = g.getInitializerList().stream().filter(t -> read.contains(t.getName())).toList();
        g.clearInitializer().addAllInitializer(used);
        // IR 7 covers opsets up to 15; opset 18 needs IR 8
        return m.toBuilder().setGraph(g).setIrVersion(opset > 15 ? 8 : m.getIrVersion()).clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // form, opset, sizes, channels removed (of the split input), sizes after
                Arguments.of(Form.SIZES_INPUT, 14, new long[] {4, 6}, new int[] {0, 1, 5}, new long[] {2, 5}),
                Arguments.of(Form.SPLIT_ATTRIBUTE, 11, new long[] {4, 6}, new int[] {0, 1, 5}, new long[] {2, 5}),
                Arguments.of(Form.SPLIT_ATTRIBUTE, 11, new long[] {3, 7}, new int[] {9}, new long[] {3, 6}),
                Arguments.of(Form.EQUAL_PARTS, 14, new long[] {5, 5}, new int[] {0, 1, 5}, new long[] {3, 4}),
                Arguments.of(Form.EQUAL_PARTS, 11, new long[] {5, 5}, new int[] {0, 1, 5}, new long[] {3, 4}),
                Arguments.of(Form.EQUAL_PARTS, 14, new long[] {5, 5}, new int[] {0, 5}, new long[] {4, 4}),
                Arguments.of(Form.NUM_OUTPUTS, 18, new long[] {5, 5}, new int[] {0, 1, 5}, new long[] {3, 4}));
    }

    @ParameterizedTest(name = "{0} opset {1}: {2} -> {4}")
    @MethodSource("cases")
    void splitSizesBecomeTheKeptChannelsInTheFilesForm(Form form, int opset, long[] sizes, int[] removed, long[] expected) {
        ModelProto m = inForm(net(sizes), form, opset);
        ModelProto pruned = pruneExactly(m, "Split", removed);
        NodeProto split = node(pruned, "Split");
        GraphIndex index = GraphIndex.of(pruned.getGraph());
        boolean stillEqual = expected[0] == expected[1];
        switch (form) {
            case SIZES_INPUT -> assertArrayEquals(expected, Tensors.longs(index.constantValue(split.getInput(1))));
            case SPLIT_ATTRIBUTE -> {
                assertArrayEquals(expected, Attributes.getInts(split, "split"));
                assertEquals(1, split.getInputCount(), "opset 11 has no sizes input");
            }
            case EQUAL_PARTS, NUM_OUTPUTS -> {
                if (stillEqual) {
                    assertEquals(1, split.getInputCount(), "equal parts stay equal: nothing to write");
                    assertNull(Attributes.find(split, "split"));
                } else if (opset >= 13) {
                    assertArrayEquals(expected, Tensors.longs(index.constantValue(split.getInput(1))));
                    assertNull(Attributes.find(split, "num_outputs"), "opset 18 forbids num_outputs with a sizes input");
                } else {
                    assertArrayEquals(expected, Attributes.getInts(split, "split"));
                    assertEquals(1, split.getInputCount());
                }
            }
        }
        assertEquals(opset, pruned.getOpsetImport(0).getVersion());
        assertTrue(ModelChecker.problems(pruned).isEmpty(), ModelChecker.problems(pruned).toString());
    }

    @Test
    void sizesConstantSharedWithAnotherSplitIsCopiedNotChanged() {
        GraphBuilder b = new GraphBuilder("shared_sizes", 6);
        b.input("input", -1, 3, 8, 8);
        String[] first = b.split(b.relu(b.conv("input", 10, 3, 1, 1, 1, true)), 1, 4, 6);
        String[] second = b.split(b.relu(b.conv("input", 10, 3, 1, 1, 1, true)), 1, 4, 6);
        String both = b.concat(1, b.concat(1, first[1], first[0]), b.concat(1, second[0], second[1]));
        b.output(b.gemm(b.flatten(b.globalAvgPool(b.conv(both, 4, 1, 1, 0, 1, true))), 3), "logits");
        ModelProto built = b.build();
        // the exporter's deduplication: both Splits read one sizes tensor
        GraphProto.Builder g = built.getGraph().toBuilder();
        List<NodeProto> splits = g.getNodeList().stream().filter(n -> n.getOpType().equals("Split")).toList();
        String shared = splits.get(0).getInput(1);
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getName().equals(splits.get(1).getName())) {
                g.setNode(i, g.getNode(i).toBuilder().setInput(1, shared));
            }
        }
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(splits.get(1).getInput(1))) {
                g.removeInitializer(i);
                break;
            }
        }
        ModelProto m = built.toBuilder().setGraph(g).build();

        ModelProto pruned = pruneExactly(m, "Split", new int[] {5});
        GraphIndex index = GraphIndex.of(pruned.getGraph());
        List<NodeProto> after = pruned.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Split")).toList();
        assertArrayEquals(new long[] {4, 5}, Tensors.longs(index.constantValue(after.get(0).getInput(1))));
        assertEquals(shared, after.get(1).getInput(1), "the other Split keeps reading the shared tensor");
        assertArrayEquals(new long[] {4, 6}, Tensors.longs(index.constantValue(shared)));
        assertTrue(ModelChecker.problems(pruned).isEmpty(), ModelChecker.problems(pruned).toString());
    }

    private static NodeProto node(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).findFirst().orElseThrow();
    }

    /** Removes the channel groups at {@code channels} of the first {@code op} node's input 0, checking exactness. */
    private static ModelProto pruneExactly(ModelProto m, String op, int[] channels) {
        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        String in = node(m, op).getInput(0);
        return pruneGroupsExactly(m, java.util.Arrays.stream(channels).mapToObj(c -> d.groupOf(in, c)).toList());
    }

    /** Zeroes {@code groups}, removes them and requires ONNX Runtime's logits unchanged (within 1e-5). */
    private static ModelProto pruneGroupsExactly(ModelProto m, List<Integer> groups) {
        ChannelDependencies d = ChannelDependencies.analyze(m, List.of());
        ModelProto zeroed = ChannelMasking.zero(d, groups);
        float[] input = Ort.randomInput(INPUT, 4);
        float[] reference = Ort.run(zeroed, INPUT, input);
        assertTrue(Ort.maxAbsDiff(Ort.run(m, INPUT, input), reference) > 1e-4, "zeroing did not change the logits: the test would prove nothing");
        ModelProto pruned = ChannelPruner.remove(ChannelDependencies.analyze(zeroed, List.of()), groups);
        float diff = Ort.maxAbsDiff(reference, Ort.run(pruned, INPUT, input));
        assertTrue(diff <= 1e-5, "logits moved by " + diff);
        return pruned;
    }
}
