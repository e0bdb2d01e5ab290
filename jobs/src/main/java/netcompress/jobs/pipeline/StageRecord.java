package netcompress.jobs.pipeline;

import java.util.List;
import java.util.Map;

/**
 * What a finished stage left behind: its output files (relative to the run folder) and its figures
 * (accuracy, counts, throughput, image files for the report). A stage counts as done only when its
 * record exists and every output still exists.
 */
public record StageRecord(String stage, String finishedAt, double seconds, List<String> outputs, Map<String, Object> metrics) {
}
