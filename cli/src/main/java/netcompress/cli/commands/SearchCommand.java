package netcompress.cli.commands;

import netcompress.cli.FlagNames;
import netcompress.errors.BadInputException;
import netcompress.jobs.search.SearchJob;
import netcompress.jobs.search.SearchOptions;
import netcompress.jobs.train.JobOptions;
import netcompress.trainer.zoo.ModelZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code netcompress search}: the best student for a budget, found by short proxy runs of the real recipe. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Find the best student for a budget: candidates from the zoo's families at widths that fit the budget, and at 1.25x it "
                + "pruned afterwards; parameters, MACs and ONNX Runtime latency of each; a short distillation of each (the distill recipe "
                + "on a share of the images), successive halving doubling the epochs of the leading half; ranked on validation accuracy "
                + "only; then the winner's full run. Writes DIR/report.html (table and Pareto plots), DIR/candidates.csv and DIR/winner.onnx.",
                "Rerunning the same command continues a killed search and keeps the runs it finished."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:searched", "2:bad input (no candidate fits, a bad option)", "3:internal error"})
public final class SearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data root (as distill takes it).")
    Path data;
    @Option(names = "--teacher", required = true, paramLabel = "TEACHER.onnx", description = "Teacher ONNX file; repeat for an ensemble.")
    List<Path> teachers = new ArrayList<>();
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Search folder.")
    Path out;
    @Option(names = "--budget", defaultValue = "100000", paramLabel = "N", description = "Parameters at most (default ${DEFAULT-VALUE}).")
    long budget;
    @Option(names = "--budget-macs", paramLabel = "N", description = "MACs per image at most, too.")
    Long budgetMacs;
    @Option(names = "--latency-ms", paramLabel = "MS", description = "ONNX Runtime latency at batch 1 on this machine at most.")
    Double latencyMs;
    @Option(names = "--candidates", split = ",", paramLabel = "MODEL",
            description = "Your own list instead of the generated one, e.g. mbv2:0.9,ghost:1.1 (over the budget: pruned to it).")
    List<String> candidates = new ArrayList<>();
    @Option(names = "--families", split = ",", paramLabel = "NAME",
            description = "Zoo families to draw candidates from (default: every student family of 'netcompress zoo list').")
    List<String> families = new ArrayList<>();
    @Option(names = "--proxy-epochs", defaultValue = "2", paramLabel = "E", description = "Epochs of the first round (default ${DEFAULT-VALUE}).")
    int proxyEpochs;
    @Option(names = "--proxy-share", defaultValue = "0.5", paramLabel = "S",
            description = "Share of the training images in proxy runs (default ${DEFAULT-VALUE}).")
    double proxyShare;
    @Option(names = "--rounds", defaultValue = "3", paramLabel = "R", description = "Successive-halving rounds (default ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--full-epochs", defaultValue = "12", paramLabel = "E",
            description = "Epochs of the winner's full run on every image; 0: the winner is its best proxy model (default ${DEFAULT-VALUE}).")
    int fullEpochs;
    @Option(names = "--finetune-epochs", defaultValue = "4", paramLabel = "E",
            description = "Fine-tuning epochs after pruning in the full run (default ${DEFAULT-VALUE}).")
    int finetuneEpochs;
    @Option(names = "--time-budget", paramLabel = "T", description = "No proxy run starts after this much training time: seconds, or 30m, 2h.")
    String timeBudget;
    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--size", description = "Input side in pixels (default: as distill decides).")
    Integer size;
    @Option(names = "--distill-arg", paramLabel = "ARG", description = "One more distill option for every run, e.g. --distill-arg=--lr=0.003 (repeatable).")
    List<String> distillArgs = new ArrayList<>();
    @Option(names = "--force", description = "Start the search folder over.")
    boolean force;

    @Override
    public Integer call() {
        SearchOptions o = new SearchOptions(recipe(), budget, budgetMacs, latencyMs, families.isEmpty() ? studentFamilies() : families, candidates,
                proxyEpochs, proxyShare, rounds, fullEpochs, finetuneEpochs, seconds(timeBudget), out, force);
        SearchJob.run(o, FlagNames.printer(spec, System.out));
        return 0;
    }

    /** The distill recipe every candidate gets: distill's own defaults, these flags, then --distill-arg. */
    private JobOptions recipe() {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--out", out.resolve("recipe.onnx").toString(), "--seed",
                Long.toString(seed)));
        if (size != null) {
            args.addAll(List.of("--size", size.toString()));
        }
        for (Path t : teachers) {
            args.addAll(List.of("--teacher", t.toString()));
        }
        args.addAll(distillArgs);
        return TrainingRecipe.parse(args, true, "--distill-arg");
    }

    private static List<String> studentFamilies() {
        return ModelZoo.FAMILIES.stream().filter(f -> f.role().equals("student")).map(ModelZoo.Family::name).toList();
    }

    /** Seconds from {@code 90}, {@code 90s}, {@code 30m} or {@code 2h}; null for none. */
    static Double seconds(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        double unit = t.endsWith("h") ? 3600 : t.endsWith("m") ? 60 : 1;
        try {
            return Double.parseDouble(t.replaceAll("[hms]$", "")) * unit;
        } catch (NumberFormatException e) {
            throw new BadInputException("--time-budget must be seconds, or a number with m or h, got '" + text + "'");
        }
    }
}
