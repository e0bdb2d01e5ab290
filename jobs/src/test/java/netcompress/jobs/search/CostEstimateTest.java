package netcompress.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostEstimateTest {
    private static SearchOptions options(int fullEpochs) {
        Path data = Path.of("/nonexistent/data");
        return new SearchOptions(SearchJobTest.recipe(data, Path.of("/nonexistent/teacher.onnx")), 100_000, null, null, List.of("vgg"),
                List.of(), 2, 0.5, 3, fullEpochs, 4, null, Path.of("/nonexistent/search"), false);
    }

    @Test
    void countsTheCandidateEpochsLeftAsTheRoundsHalve() {
        SearchOptions o = options(0);
        assertEquals(10 * 2 + 5 * 4 + 3 * 8, CostEstimate.candidateEpochs(o, 0, 10, 0)); // the plan line's figure
        assertEquals(8 * 2 + 5 * 4 + 3 * 8, CostEstimate.candidateEpochs(o, 0, 10, 2));
        assertEquals(3 * 4 + 3 * 8, CostEstimate.candidateEpochs(o, 1, 5, 2));
        assertEquals(0, CostEstimate.candidateEpochs(o, 2, 3, 3));
    }

    @Test
    void restatesTheTimeLeftFromEveryRunMeasuredSoFar() {
        CostEstimate cost = new CostEstimate(options(12));
        assertFalse(cost.measured());
        cost.add(new ProxyResult("a", 0, 2, 0.5, 10, 1, 1, 1, 1, "a.onnx")); // 5 s an epoch
        assertTrue(cost.measured());
        // 62 candidate-epochs left at 5 s: 310 s; the full run sees twice the images of a proxy epoch: 12 x 2 x 5 s
        assertEquals("5.0 s per proxy epoch so far: about 5 min left in the rounds, 2 min for the full run", cost.describe(0, 10, 1));
        cost.add(new ProxyResult("b", 0, 2, 0.5, 30, 1, 1, 1, 1, "b.onnx")); // a slower family: 10 s an epoch on average now
        assertEquals("10.0 s per proxy epoch so far: about 80 s left in the rounds, 4 min for the full run", cost.describe(2, 3, 2));
    }
}
