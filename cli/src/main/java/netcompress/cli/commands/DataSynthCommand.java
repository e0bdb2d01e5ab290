package netcompress.cli.commands;

import netcompress.datasets.GenerationSummary;
import netcompress.datasets.synth.SynthFood11Generator;
import netcompress.datasets.synth.SynthOptions;
import netcompress.errors.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code netcompress data synth}: the synthetic food-11 set. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic food-11-like JPEG set: 11 kinds of dish, random placement, lighting and noise.",
                "Scale 1.0 gives the assignment's counts (280 labeled and 60 validation per class, 6,786 unlabeled, 3,347 test).",
                "The same options give byte-identical files."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written", "2:bad input or usage (e.g. --out not empty without --force)", "3:internal error"})
public final class DataSynthCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset folder to create, e.g. food-11.")
    Path out;

    @Option(names = "--scale", defaultValue = "1.0", description = "Fraction of the assignment's image counts (default ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", defaultValue = "512x384", paramLabel = "WxH",
            description = "Nominal image size (default ${DEFAULT-VALUE}); images vary around it unless --fixed-size.")
    String size;

    @Option(names = "--fixed-size", description = "Make every image exactly --size.")
    boolean fixedSize;

    @Option(names = "--quality", defaultValue = "0.9", description = "JPEG quality in (0, 1] (default ${DEFAULT-VALUE}).")
    float quality;

    @Option(names = "--threads", description = "Worker threads (default: all cores). Does not change the output.")
    Integer threads;

    @Option(names = "--force", description = "Replace --out if it holds a data set already.")
    boolean force;

    @Override
    public Integer call() {
        int[] wh = parseSize(size);
        SynthOptions options;
        try {
            options = new SynthOptions(scale, wh[0], wh[1], seed, quality, !fixedSize,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        GenerationSummary s = SynthFood11Generator.generate(out, options, force, DataProgress.forConsole("synth"));
        DataProgress.finish();
        System.out.println(s.oneLine());
        return 0;
    }

    static int[] parseSize(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new int[]{Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadInputException("--size must be WIDTHxHEIGHT, e.g. 512x384; got '" + text + "'");
    }
}
