package netcompress.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SearchStageTest {
    @Test
    void proxiesStartAtTwoEpochsOrASixthOfTheDistillationNeverLongerThanIt() {
        assertEquals(2, SearchStage.proxyEpochs(6));   // 1 epoch ranked the candidates worse (bench/RESULTS.md, search)
        assertEquals(2, SearchStage.proxyEpochs(12));  // the pipeline's default
        assertEquals(5, SearchStage.proxyEpochs(30));
        assertEquals(1, SearchStage.proxyEpochs(1));
    }
}
