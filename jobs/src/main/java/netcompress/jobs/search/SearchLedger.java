package netcompress.jobs.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The finished runs of a search, one JSON file each ({@code runs/ID/round-R.json}, {@code full.json}), written
 * atomically once a run is done: a rerun keeps them and trains only what is missing.
 */
final class SearchLedger {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path dir;

    SearchLedger(Path dir) {
        this.dir = dir;
    }

    /** The folder of a candidate's run in a round ({@link ProxyResult#FULL}: the full run). */
    Path runDir(Candidate c, int round) {
        return round == ProxyResult.FULL ? dir.resolve("full") : dir.resolve("runs").resolve(c.id()).resolve("round-" + round);
    }

    Optional<ProxyResult> finished(Candidate c, int round) {
        Path p = record(c, round);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            ProxyResult r = JSON.readValue(p.toFile(), ProxyResult.class);
            return r.id().equals(c.id()) ? Optional.of(r) : Optional.empty();
        } catch (IOException e) {
            throw new BadInputException(p + ": run record is unreadable (" + e.getMessage() + "); rerun with {force}");
        }
    }

    void record(Candidate c, ProxyResult r) {
        try {
            AtomicFiles.writeString(record(c, r.round()), true, JSON.writeValueAsString(r));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path record(Candidate c, int round) {
        return runDir(c, round).resolveSibling(runDir(c, round).getFileName() + ".json");
    }
}
