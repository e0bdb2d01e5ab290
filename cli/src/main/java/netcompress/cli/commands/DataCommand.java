package netcompress.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code netcompress data ...}: writes data sets in the assignment's folder layout. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Write data sets in the food-11 folder layout: training/labeled/00..NN, training/unlabeled/00,",
                "validation/00..NN and testing/00, with testing_labels.csv (Id,Category in sorted file order of",
                "testing/) and classes.txt (line i names folder i) beside them."},
        subcommands = {DataSynthCommand.class, DataFashionMnistCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written", "2:bad input or usage", "3:internal error"})
public final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
