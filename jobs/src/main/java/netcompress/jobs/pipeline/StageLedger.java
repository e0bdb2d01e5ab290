package netcompress.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The run folder's memory of which stages finished: one JSON record per stage under {@code stages/},
 * written atomically after the stage's outputs, so a kill at any moment leaves either no record (the
 * stage reruns, resuming from its own checkpoints) or a record whose outputs are complete.
 */
final class StageLedger {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path runDir;

    StageLedger(Path runDir) {
        this.runDir = runDir;
    }

    private Path recordPath(String stage) {
        return runDir.resolve("stages").resolve(stage + ".json");
    }

    Optional<StageRecord> finished(String stage) {
        Path p = recordPath(stage);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        StageRecord r;
        try {
            r = JSON.readValue(p.toFile(), StageRecord.class);
        } catch (IOException e) {
            throw new BadInputException(p + ": stage record is unreadable (" + e.getMessage() + "); rerun with {force}");
        }
        for (String out : r.outputs()) {
            if (!Files.exists(runDir.resolve(out))) {
                return Optional.empty();
            }
        }
        return Optional.of(r);
    }

    void record(StageRecord r) {
        try {
            AtomicFiles.write(recordPath(r.stage()), true, JSON.writeValueAsBytes(r));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void forget(String stage) {
        try {
            Files.deleteIfExists(recordPath(stage));
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + recordPath(stage), e);
        }
    }
}
