package netcompress.cli.commands;

import netcompress.datasets.GenerationSummary;
import netcompress.datasets.fmnist.FashionMnist;
import netcompress.datasets.fmnist.FashionMnistImporter;
import netcompress.datasets.fmnist.FashionMnistOptions;
import netcompress.errors.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code netcompress data fashion-mnist}: Fashion-MNIST from Debian's IDX files as PNGs in the food-11 layout. */
@Command(name = "fashion-mnist", mixinStandardHelpOptions = true,
        description = {"Convert Fashion-MNIST (Debian package dataset-fashion-mnist) into the food-11 layout as 28x28 grayscale PNGs.",
                "full: all training images labeled except the last --validation, which become validation/.",
                "low-label: like the assignment, --labels-per-class labeled and --validation-per-class validation images",
                "per class, the rest in training/unlabeled/00. Both: the 10,000 test images in testing/00."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written", "2:bad input or usage (missing or corrupt IDX files, --out not empty)", "3:internal error"})
public final class DataFashionMnistCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset folder to create.")
    Path out;

    @Option(names = "--source", paramLabel = "DIR", description = "Folder with the four IDX .gz files (default ${DEFAULT-VALUE}).")
    Path source = FashionMnist.DEBIAN_DIR;

    @Option(names = "--split", defaultValue = "low-label", paramLabel = "full|low-label",
            description = "Which split to write (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--labels-per-class", defaultValue = "280", description = "low-label: labeled images per class (default ${DEFAULT-VALUE}).")
    int labelsPerClass;

    @Option(names = "--validation-per-class", defaultValue = "60",
            description = "low-label: validation images per class (default ${DEFAULT-VALUE}).")
    int validationPerClass;

    @Option(names = "--unlabeled", paramLabel = "N", description = "low-label: unlabeled images (default: all remaining training images).")
    Integer unlabeled;

    @Option(names = "--validation", defaultValue = "5000",
            description = "full: the last N training images become validation (default ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--seed", defaultValue = "0", description = "low-label: which images are picked (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads (default: all cores). Does not change the output.")
    Integer threads;

    @Option(names = "--force", description = "Replace --out if it holds a data set already.")
    boolean force;

    @Override
    public Integer call() {
        FashionMnistOptions.Split s = switch (split.toLowerCase(Locale.ROOT)) {
            case "full" -> FashionMnistOptions.Split.FULL;
            case "low-label", "low_label", "lowlabel" -> FashionMnistOptions.Split.LOW_LABEL;
            default -> throw new BadInputException("--split must be full or low-label, got '" + split + "'");
        };
        FashionMnistOptions options;
        try {
            options = new FashionMnistOptions(s, validation, labelsPerClass, validationPerClass, unlabeled != null ? unlabeled : -1, seed,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        FashionMnist data = FashionMnist.load(source);
        GenerationSummary summary = FashionMnistImporter.importTo(data, out, options, force, DataProgress.forConsole("fashion-mnist"));
        DataProgress.finish();
        System.out.println(summary.oneLine());
        return 0;
    }
}
