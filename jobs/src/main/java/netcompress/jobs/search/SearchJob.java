package netcompress.jobs.search;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;
import netcompress.jobs.ArtifactWriter;
import netcompress.jobs.prune.PruneJob;
import netcompress.jobs.train.JobOptions;
import netcompress.jobs.train.JobResult;
import netcompress.jobs.train.TrainingJob;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.ProvenanceStep;
import netcompress.onnx.shape.ShapeInference;
import netcompress.pruner.Criterion;
import netcompress.pruner.PruneOptions;
import netcompress.trainer.data.DataRoot;
import netcompress.trainer.loop.TrainingLoop;
import netcompress.trainer.zoo.ModelZoo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The search: candidates from the zoo that land under the budgets (directly, or at 1.25x and pruned), each
 * measured (parameters, MACs, ONNX Runtime latency) and given a short proxy run of the real recipe on a share of the
 * training images; successive halving doubles the epochs of the leading half each round; ranked on validation
 * accuracy only (the test split is never read); the winner's full run; the table, Pareto plots and the winner
 * written to the search folder. Every finished run is recorded, so a killed search rerun continues.
 */
public final class SearchJob {
    // paths as written: Jackson's own form is a URI, which ends in '/' only once a folder exists
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Path.class, new ToStringSerializer(Path.class)));
    private static final ArtifactWriter.Maker SEARCH = new ArtifactWriter.Maker("searching", "the searched student", "search");

    private SearchJob() {
    }

    /** One candidate's figures: its first-round result (every candidate has one when it ran), its last, and what became of it. */
    public record Row(Candidate candidate, LatencyProbe.Latency latency, ProxyResult first, ProxyResult last, double proxySeconds, String status) {
    }

    public record Outcome(List<Row> rows, Candidate winner, ProxyResult winnerResult, Path winnerFile, Path report, double seconds) {
    }

    public static Outcome run(SearchOptions o, Consumer<String> log) {
        long t0 = System.nanoTime();
        Path out = o.out().toAbsolutePath();
        claim(o, out);
        JobOptions recipe = o.recipe();
        Path data = recipe.data();
        int channels = DataRoot.channels(data);
        int size = recipe.size() != null ? recipe.size() : DataRoot.defaultSize(data);
        int classes = classesOf(recipe.teachers().get(0));

        List<Candidate> candidates = o.candidates().isEmpty()
                ? CandidateGenerator.forFamilies(o.families(), o.budget(), o.budgetMacs(), channels, classes, size, log)
                : CandidateGenerator.forModels(o.candidates(), o.budget(), o.budgetMacs(), channels, classes, size);
        if (candidates.isEmpty()) {
            throw new BadInputException("no candidate fits the budget of " + o.budget() + " parameters" + (o.budgetMacs() == null ? ""
                    : " and " + o.budgetMacs() + " MACs"));
        }
        Map<String, LatencyProbe.Latency> latency = new LinkedHashMap<>();
        Map<String, String> status = new LinkedHashMap<>();
        List<Candidate> round = new ArrayList<>();
        for (Candidate c : candidates) {
            LatencyProbe.Latency l = LatencyProbe.measure(ModelZoo.build(c.model(), channels, classes, size, 0), channels, size);
            latency.put(c.id(), l);
            log.accept(String.format(Locale.ROOT, "candidate %-22s %-6s %,9d parameters %,13d MACs  %6.2f ms (batch 1) %8.2f ms (batch 64)",
                    c.model(), c.route().cliName(), c.parameters(), c.macs(), l.batch1Ms(), l.batch64Ms()));
            if (o.latencyMs() != null && c.route() == Candidate.Route.DIRECT && l.batch1Ms() > o.latencyMs()) {
                status.put(c.id(), "over the latency limit");
            } else {
                round.add(c);
            }
        }
        log.accept(plan(o, round.size()));

        SearchLedger ledger = new SearchLedger(out);
        Map<Integer, Map<String, ProxyResult>> results = new LinkedHashMap<>();
        CostEstimate cost = new CostEstimate(o);
        int lastRound = -1;
        for (int r = 0; r < o.rounds() && !round.isEmpty(); r++) {
            Map<String, ProxyResult> done = new LinkedHashMap<>();
            results.put(r, done);
            for (Candidate c : round) {
                var kept = ledger.finished(c, r);
                ProxyResult res;
                if (kept.isPresent()) {
                    res = kept.get();
                    log.accept(String.format(Locale.ROOT, "round %d: %s done in an earlier run, kept (%.2f%%)", r + 1, c.model(),
                            100 * res.validationAccuracy()));
                } else {
                    if (o.timeBudgetSeconds() != null && recordedSeconds(results) >= o.timeBudgetSeconds()) {
                        status.putIfAbsent(c.id(), "not run: time budget reached in round " + (r + 1));
                        continue;
                    }
                    log.accept(String.format(Locale.ROOT, "round %d: %s (%s), %s on %.0f%% of the training images", r + 1, c.model(),
                            c.route().cliName(), SearchOptions.epochsText(o.epochs(r)), 100 * o.proxyShare()));
                    res = runCandidate(o, c, r, o.epochs(r), o.proxyShare(), ledger, latency.get(c.id()), channels, size, log);
                    ledger.record(c, res);
                    boolean first = !cost.measured();
                    cost.add(res);
                    log.accept(String.format(Locale.ROOT, "round %d: %s %.2f%% validation in %.0f s", r + 1, c.model(),
                            100 * res.validationAccuracy(), res.seconds()));
                    if (first) {
                        log.accept(cost.describe(r, round.size(), round.indexOf(c) + 1));
                    }
                }
                done.put(c.id(), res);
                if (o.latencyMs() != null && res.latencyBatch1Ms() > o.latencyMs()) {
                    status.put(c.id(), "over the latency limit after pruning");
                    done.remove(c.id());
                }
            }
            if (done.isEmpty()) {
                break;
            }
            lastRound = r;
            if (r + 1 < o.rounds()) {
                List<Candidate> next = SuccessiveHalving.survivors(round, done);
                for (Candidate c : round) {
                    if (!next.contains(c) && done.containsKey(c.id())) {
                        status.putIfAbsent(c.id(), "left after round " + (r + 1));
                    }
                }
                round = next;
                if (cost.measured() && !round.isEmpty()) {
                    log.accept(cost.describe(r + 1, round.size(), 0));
                }
            }
        }
        if (lastRound < 0) {
            throw new BadInputException("no candidate ran (time budget or latency limit): nothing to choose from");
        }
        ProxyResult best = results.get(lastRound).values().stream().min(SuccessiveHalving.BEST_FIRST).orElseThrow();
        Candidate winner = candidates.stream().filter(c -> c.id().equals(best.id())).findFirst().orElseThrow();
        log.accept(String.format(Locale.ROOT, "winner: %s (%s), %.2f%% validation in round %d", winner.model(), winner.route().cliName(),
                100 * best.validationAccuracy(), lastRound + 1));
        ProxyResult finalRun = best;
        if (o.fullEpochs() > 0) {
            var kept = ledger.finished(winner, ProxyResult.FULL);
            if (kept.isPresent()) {
                finalRun = kept.get();
                log.accept("full run: done in an earlier run, kept");
            } else {
                log.accept(String.format(Locale.ROOT, "full run: %s, %s on every training image", winner.model(), SearchOptions.epochsText(o.fullEpochs())));
                finalRun = runCandidate(o, winner, ProxyResult.FULL, o.fullEpochs(), null, ledger, latency.get(winner.id()), channels, size, log);
                ledger.record(winner, finalRun);
            }
            log.accept(String.format(Locale.ROOT, "full run: %.2f%% validation", 100 * finalRun.validationAccuracy()));
        }
        for (Candidate c : candidates) {
            status.putIfAbsent(c.id(), c.equals(winner) ? "winner" : "finalist");
        }

        List<Row> rows = new ArrayList<>();
        for (Candidate c : candidates) {
            ProxyResult first = results.containsKey(0) ? results.get(0).get(c.id()) : null;
            ProxyResult last = null;
            double secs = 0;
            for (Map<String, ProxyResult> m : results.values()) {
                if (m.containsKey(c.id())) {
                    last = m.get(c.id());
                    secs += last.seconds();
                }
            }
            rows.add(new Row(c, latency.get(c.id()), first, last, secs, status.get(c.id())));
        }
        Path winnerFile = out.resolve("winner.onnx");
        Path source = out.resolve(finalRun.model());
        ModelProto m = OnnxModels.read(source);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("winner", winner.model());
        details.put("route", winner.route().cliName());
        details.put("validationAccuracy", finalRun.validationAccuracy());
        details.put("budget", o.budget());
        if (o.budgetMacs() != null) {
            details.put("budgetMacs", o.budgetMacs());
        }
        details.put("candidates", candidates.size());
        details.put("rounds", lastRound + 1);
        details.put("proxyEpochs", o.proxyEpochs());
        details.put("proxyShare", o.proxyShare());
        details.put("fullEpochs", o.fullEpochs());
        ArtifactWriter.write(m, ProvenanceStep.of("search", ModelMetadata.sha256(m.toByteArray()), details), m, source, SEARCH, winnerFile, true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path report = SearchReport.write(out, o, rows, winner, finalRun, seconds);
        log.accept("wrote " + winnerFile + ", " + out.resolve("candidates.csv") + " and " + report);
        return new Outcome(rows, winner, finalRun, winnerFile, report, seconds);
    }

    /** Refuses a folder that holds another search (or anything else) without force; records these settings in it. */
    private static void claim(SearchOptions o, Path out) {
        Path settings = out.resolve("search.json");
        String mine;
        try {
            Map<String, Object> s = new LinkedHashMap<>(JSON.convertValue(o, LinkedHashMap.class));
            s.remove("force");
            mine = JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            if (Files.isDirectory(out) && !o.force()) {
                if (Files.isRegularFile(settings)) {
                    if (!Files.readString(settings).equals(mine)) {
                        throw new BadInputException(out + " holds a search with other settings; pass {force} to start it over, or choose another {out}");
                    }
                } else {
                    try (Stream<Path> s = Files.list(out)) {
                        if (s.findAny().isPresent()) {
                            throw new BadInputException(out + " is not empty and holds no search; pass {force} to use it, or choose another {out}");
                        }
                    }
                }
            }
            if (o.force()) {
                deleteRuns(out);
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new BadInputException(out + ": cannot use the search folder (" + e.getMessage() + ")");
        }
        AtomicFiles.writeString(settings, true, mine);
    }

    private static void deleteRuns(Path out) throws IOException {
        for (String name : List.of("runs", "full")) {
            Path d = out.resolve(name);
            if (Files.exists(d)) {
                try (Stream<Path> w = Files.walk(d)) {
                    for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.deleteIfExists(out.resolve(name + ".json"));
        }
    }

    /** The classes the teacher tells apart: the last dimension of its output. */
    private static int classesOf(Path teacher) {
        ModelProto t = OnnxModels.read(teacher);
        long[] shape = ShapeInference.infer(t, 1).get(t.getGraph().getOutput(0).getName());
        if (shape == null || shape[shape.length - 1] < 2) {
            throw new BadInputException(teacher + ": cannot tell its number of classes from its output");
        }
        return (int) shape[shape.length - 1];
    }

    /** One run: distill the candidate; on the prune route, prune to the budgets and fine-tune. */
    private static ProxyResult runCandidate(SearchOptions o, Candidate c, int round, int epochs, Double share, SearchLedger ledger,
                                            LatencyProbe.Latency built, int channels, int size, Consumer<String> log) {
        Path dir = ledger.runDir(c, round);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create " + dir + ": " + e.getMessage());
        }
        String tag = "  [" + c.model() + (round == ProxyResult.FULL ? " full" : " r" + (round + 1)) + "] ";
        Consumer<String> runLog = line -> log.accept(tag + line);
        Path student = dir.resolve("student.onnx");
        JobResult r = train(o.recipe().forCandidate(c.model(), null, student, epochs, share, resumable(student)), runLog);
        double seconds = r.seconds();
        Path last = student;
        LatencyProbe.Latency latency = built;
        if (c.route() == Candidate.Route.PRUNE) {
            Path pruned = dir.resolve("pruned.onnx");
            PruneOptions p = new PruneOptions(o.budget(), null, Criterion.L1, o.recipe().seed(), 1, 1, List.of(), 1, o.budgetMacs(), null);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            long p0 = System.nanoTime();
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                PruneJob.run(student, pruned, p, false, true, ps);
            }
            seconds += (System.nanoTime() - p0) / 1e9;
            buf.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("Budget") || l.startsWith("MACs")).forEach(runLog);
            int ft = round == ProxyResult.FULL ? Math.max(1, o.finetuneEpochs()) : Math.max(1, epochs / 2);
            Path tuned = dir.resolve("finetuned.onnx");
            r = train(o.recipe().forCandidate(null, pruned, tuned, ft, share, resumable(tuned)), runLog);
            seconds += r.seconds();
            last = tuned;
            latency = LatencyProbe.measure(OnnxModels.read(tuned), channels, size);
        }
        ParameterReport count = ParameterCount.of(OnnxModels.read(last));
        return new ProxyResult(c.id(), round, epochs, r.bestValAcc(), seconds, count.parameters(), count.macsPerImage(), latency.batch1Ms(),
                latency.batch64Ms(), o.out().toAbsolutePath().relativize(last.toAbsolutePath()).toString());
    }

    private static JobResult train(JobOptions options, Consumer<String> log) {
        return TrainingJob.run(options, log, ArtifactWriter.forTraining(options.init()));
    }

    /** A checkpoint beside the output means a killed attempt: continue it. */
    private static boolean resumable(Path out) {
        return Files.isRegularFile(TrainingLoop.Outputs.beside(out).checkpoint());
    }

    /** Training seconds of every run so far, this search's earlier invocations included. */
    private static double recordedSeconds(Map<Integer, Map<String, ProxyResult>> results) {
        double s = 0;
        for (Map<String, ProxyResult> m : results.values()) {
            for (ProxyResult r : m.values()) {
                s += r.seconds();
            }
        }
        return s;
    }

    private static String plan(SearchOptions o, int candidates) {
        StringBuilder b = new StringBuilder("plan: ").append(candidates).append(" candidates, ").append(o.rounds())
                .append(o.rounds() == 1 ? " round" : " rounds of successive halving").append(" (");
        int n = candidates;
        for (int r = 0; r < o.rounds() && n > 0; r++) {
            b.append(r == 0 ? "" : ", ").append(n).append(" x ").append(SearchOptions.epochsText(o.epochs(r)));
            n = (n + 1) / 2;
        }
        b.append(String.format(Locale.ROOT, ") = %d proxy epochs on %.0f%% of the training images", CostEstimate.candidateEpochs(o, 0, candidates, 0),
                100 * o.proxyShare()));
        b.append(o.fullEpochs() > 0 ? ", then the winner's full run of " + SearchOptions.epochsText(o.fullEpochs()) + " on all of them" : ", no full run");
        if (o.timeBudgetSeconds() != null) {
            b.append(String.format(Locale.ROOT, "; no run starts after %.0f s", o.timeBudgetSeconds()));
        }
        return b.toString();
    }
}
