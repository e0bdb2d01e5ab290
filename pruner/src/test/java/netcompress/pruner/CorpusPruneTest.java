package netcompress.pruner;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.tensor.Npy;
import netcompress.testdata.NpyArray;
import netcompress.testdata.corpus.ExportCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every real PyTorch export of the corpus: the count is PyTorch's, pruning to 100,000 (half the
 * model where it is smaller) lands in [99%, 100%] of the budget and the result is a valid model
 * that ONNX Runtime runs, and removing zeroed channels leaves the logits within 1e-5.
 */
class CorpusPruneTest {
    @BeforeAll
    static void corpus() {
        assumeTrue(ExportCorpus.skipReason() == null, ExportCorpus.skipReason());
    }

    static List<ExportCorpus.Entry> entries() {
        return ExportCorpus.entries();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void countsAsPyTorchAndPrunesIntoTheBudget(ExportCorpus.Entry e) {
        ModelProto model = OnnxModels.read(e.file());
        assertEquals(e.params(), ParameterCount.of(model).parameters(), e + ": parameter count");
        long budget = Math.min(100_000, e.params() / 2);
        PruneResult r = ChannelPruner.prune(model, PruneOptions.toBudget(budget));
        long after = r.after().parameters();
        assertTrue(after <= budget && after >= 0.99 * budget, e + ": " + after + " parameters for a budget of " + budget
                + "; barriers " + r.barriers());
        assertEquals(List.of(), ModelChecker.problems(r.model()), e + " pruned");
        NpyArray input = NpyArray.of(Npy.read(e.input()));
        assertEquals(2 * 11, Ort.run(r.model(), input.shapeAsLong(), input.data()).length);
    }

    @ParameterizedTest
    @MethodSource("entries")
    void removingZeroedChannelsKeepsTheLogits(ExportCorpus.Entry e) {
        NpyArray input = NpyArray.of(Npy.read(e.input()));
        ExactnessTest.assertExact(OnnxModels.read(e.file()), input.shapeAsLong(), input.data(), 0.3, 1);
    }
}
