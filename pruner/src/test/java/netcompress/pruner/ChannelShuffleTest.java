package netcompress.pruner;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.tensor.Npy;
import netcompress.testdata.NpyArray;
import netcompress.testdata.corpus.ExportCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ShuffleNetV2's channel shuffle (Reshape -> Transpose -> Reshape) and chunk (Slice with bounds computed
 * from the width) are traced, not barriers: every channel of a ShuffleNet is prunable, a shuffle that
 * loses channels becomes one Gather on axis 1, a shuffle that loses none stays as it was.
 * Exactness with zeroed channels is {@link ExactnessTest} (the built net) and {@link CorpusPruneTest}
 * (the exports).
 */
class ChannelShuffleTest {
    @TempDir
    Path dir;

    @Test
    void theBuiltShuffleNetHasNoBarrierAndItsShufflesBecomeGathers() {
        ModelProto model = TestNets.channelShuffle(2);
        ChannelDependencies deps = ChannelDependencies.analyze(model, List.of());
        assertEquals(List.of(), deps.barriers());
        assertEquals(3, count(model, "Transpose"));

        ModelProto untouched = ChannelPruner.remove(deps, List.of());
        assertEquals(3, count(untouched, "Transpose"), "a shuffle that loses no channel keeps its form");

        PruneResult r = ChannelPruner.prune(model, PruneOptions.toRatio(0.5));
        assertEquals(0, count(r.model(), "Transpose"));
        assertEquals(3, dataGathers(r.model()));
        assertEquals(List.of(), ModelChecker.problems(r.model()));
        float[] input = Ort.randomInput(TestNets.INPUT, 5);
        assertEquals(2 * 5, Ort.run(r.model(), TestNets.INPUT, input).length);
    }

    /** Both ShuffleNetV2 widths at both opsets, pruned to three budgets: no barrier, every budget within 1%, valid for both checkers. */
    @Test
    void shuffleNetExportsPruneToSeveralBudgets() throws Exception {
        assumeTrue(ExportCorpus.skipReason() == null, ExportCorpus.skipReason());
        PythonOnnx.assumeAvailable();
        List<ExportCorpus.Entry> shuffleNets = ExportCorpus.entries().stream().filter(e -> e.name().startsWith("shufflenet_v2")).toList();
        assertEquals(4, shuffleNets.size(), "x0.5 and x1.0 at opsets 13 and 17: " + shuffleNets);
        List<String> files = new ArrayList<>();
        for (ExportCorpus.Entry e : shuffleNets) {
            ModelProto model = OnnxModels.read(e.file());
            assertEquals(List.of(), ChannelDependencies.analyze(model, List.of()).barriers(), e + ": barriers");
            NpyArray input = NpyArray.of(Npy.read(e.input()));
            for (long budget : new long[] {e.params() / 2, 100_000, 60_000}) {
                PruneResult r = ChannelPruner.prune(model, PruneOptions.toBudget(budget));
                long after = r.after().parameters();
                assertTrue(after <= budget && after >= 0.99 * budget, e + ": " + after + " for " + budget);
                assertEquals(List.of(), r.barriers(), e + ": barriers");
                assertTrue(dataGathers(r.model()) > 0, e + ": no shuffle became a Gather");
                assertEquals(List.of(), ModelChecker.problems(r.model()), e + " pruned to " + budget);
                assertEquals(2 * 11, Ort.run(r.model(), input.shapeAsLong(), input.data()).length);
                Path out = dir.resolve(e.file().getFileName().toString().replace(".onnx", "_" + budget + ".onnx"));
                OnnxModels.write(r.model(), out, false);
                files.add(out.toString());
            }
        }
        PythonOnnx.assertFullCheckAccepts(files);
    }

    private static long count(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    /** Gathers over a feature map (the rewritten shuffles), not the shape arithmetic's Gathers of a Shape. */
    private static long dataGathers(ModelProto m) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Gather"))
                .filter(n -> netcompress.onnx.graph.Attributes.getInt(n, "axis", 0) == 1 && !n.getInput(1).isEmpty()
                        && m.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals(n.getInput(1))
                        && t.getName().endsWith("_shuffle_indices")))
                .count();
    }

    @Test
    void aShuffleThatIsNotFollowedByItsTransposeStaysABarrier() {
        ModelProto model = TestNets.channelShuffle(1);
        // the first shuffle's Transpose swaps axes 2 and 3 instead: no channel permutation
        ModelProto.Builder b = model.toBuilder();
        for (int i = 0; i < b.getGraph().getNodeCount(); i++) {
            NodeProto n = b.getGraph().getNode(i);
            if (n.getOpType().equals("Transpose")) {
                b.getGraphBuilder().setNode(i, netcompress.onnx.graph.Attributes.with(n,
                        netcompress.onnx.graph.Attributes.ints("perm", 0, 1, 2, 4, 3)));
                break;
            }
        }
        List<Barrier> barriers = ChannelDependencies.analyze(b.build(), List.of()).barriers();
        assertFalse(barriers.isEmpty());
        assertTrue(barriers.stream().anyMatch(x -> x.op().equals("Reshape")), barriers.toString());
    }
}
