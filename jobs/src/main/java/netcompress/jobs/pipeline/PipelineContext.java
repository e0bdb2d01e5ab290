package netcompress.jobs.pipeline;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** What stages share: the run folder, the settings, the records of stages before them, and the log. */
final class PipelineContext {
    private final Path runDir;
    private final PipelineSettings settings;
    private final Map<String, StageRecord> done = new HashMap<>();
    private final Consumer<String> log;

    PipelineContext(Path runDir, PipelineSettings settings, Consumer<String> log) {
        this.runDir = runDir;
        this.settings = settings;
        this.log = log;
    }

    Path runDir() {
        return runDir;
    }

    Path file(String relative) {
        return runDir.resolve(relative);
    }

    PipelineSettings settings() {
        return settings;
    }

    Path dataRoot() {
        return settings.dataRoot(runDir);
    }

    void log(String line) {
        log.accept(line);
    }

    void finished(StageRecord r) {
        done.put(r.stage(), r);
    }

    Optional<StageRecord> record(String stage) {
        return Optional.ofNullable(done.get(stage));
    }

    /** A figure an earlier stage reported, e.g. the path of the model it wrote. */
    Object metric(String stage, String key) {
        StageRecord r = done.get(stage);
        return r == null ? null : r.metrics().get(key);
    }
}
