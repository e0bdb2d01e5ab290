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

    /**
     * A MACs budget of 60% of the model's MACs, alone and with a parameter budget of 80%: every budget holds, the MACs
     * land in [99%, 100%] of their target where they bind, and the ledger's MACs equal the pruned graph's (the pruner
     * checks that itself, so a wrong count fails here too).
     */
    @ParameterizedTest
    @MethodSource("entries")
    void aMacsBudgetLandsWithinOnePercent(ExportCorpus.Entry e) {
        ModelProto model = OnnxModels.read(e.file());
        long macs = ParameterCount.of(model).macsPerImage();
        long target = (long) (macs * 0.6);
        PruneResult r;
        try {
            r = ChannelPruner.prune(model, PruneOptions.toBudget(Long.MAX_VALUE).withBudgetMacs(target));
        } catch (netcompress.errors.BudgetExceededException unreachable) {
            // channels reaching the input, the outputs and barriers stay: some models cannot lose 40% of their MACs
            assumeTrue(false, e + ": " + unreachable.getMessage());
            return;
        }
        long after = r.after().macsPerImage();
        assertTrue(after <= target && after >= 0.99 * target, e + ": " + after + " MACs for a budget of " + target);
        assertEquals(List.of(), ModelChecker.problems(r.model()), e + " pruned");
        NpyArray input = NpyArray.of(Npy.read(e.input()));
        assertEquals(2 * 11, Ort.run(r.model(), input.shapeAsLong(), input.data()).length);

        long params = (long) (e.params() * 0.8);
        PruneResult both = ChannelPruner.prune(model, PruneOptions.toBudget(params).withBudgetMacs(target));
        assertTrue(both.after().parameters() <= params && both.after().macsPerImage() <= target, e + ": " + both.after());
        assertTrue(both.withinOnePercent(), e + ": " + both.after().parameters() + " parameters, " + both.after().macsPerImage() + " MACs");
    }

    @ParameterizedTest
    @MethodSource("entries")
    void removingZeroedChannelsKeepsTheLogits(ExportCorpus.Entry e) {
        NpyArray input = NpyArray.of(Npy.read(e.input()));
        ExactnessTest.assertExact(OnnxModels.read(e.file()), input.shapeAsLong(), input.data(), 0.3, 1);
    }
}
