package netcompress.jobs.pipeline;

import java.util.List;
import java.util.Map;

/** One step of the assignment's chain. A stage writes its outputs atomically and returns its figures. */
interface Stage {
    String name();

    /** Whether the stage has anything to do with these settings (e.g. no pruning when already within budget). */
    default boolean applies(PipelineContext ctx) {
        return true;
    }

    Result run(PipelineContext ctx) throws Exception;

    /** Outputs relative to the run folder, and the figures to report. */
    record Result(List<String> outputs, Map<String, Object> metrics) {
    }
}
