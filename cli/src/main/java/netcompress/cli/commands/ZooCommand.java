package netcompress.cli.commands;

import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.io.OnnxModels;
import netcompress.trainer.zoo.ModelZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;

/** {@code netcompress zoo}: the model zoo's networks and their sizes. */
@Command(name = "zoo", mixinStandardHelpOptions = true, description = "List the model zoo or export one of its models as ONNX.",
        subcommands = {ZooCommand.ListCommand.class, ZooCommand.ExportCommand.class})
public final class ZooCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the zoo's models with parameter counts at a given input.")
    static final class ListCommand implements Runnable {
        @Option(names = "--size", defaultValue = "142", description = "Input side (default: ${DEFAULT-VALUE}).")
        int size;
        @Option(names = "--classes", defaultValue = "11", description = "Classes (default: ${DEFAULT-VALUE}).")
        int classes;
        @Option(names = "--channels", defaultValue = "3", description = "Input channels (default: ${DEFAULT-VALUE}).")
        int channels;

        @Override
        public void run() {
            System.out.printf(Locale.ROOT, "%-15s %-8s %12s %10s  %s%n", "model", "role", "parameters", "MMACs", "budget 100k");
            for (String name : ModelZoo.PRESETS) {
                ParameterReport r = ParameterCount.of(ModelZoo.build(name, channels, classes, size, 0));
                String role = ModelZoo.FAMILIES.stream().filter(f -> f.name().equals(ModelZoo.Spec.parse(name).family())).findFirst().orElseThrow().role();
                System.out.printf(Locale.ROOT, "%-15s %-8s %,12d %10.1f  %s%n", name, role, r.parameters(), r.macsPerImage() / 1e6,
                        r.withinBudget(100_000) ? "fits" : "over");
            }
            System.out.println();
            for (ModelZoo.Family f : ModelZoo.FAMILIES) {
                System.out.printf(Locale.ROOT, "%-11s %s%n", f.name(), f.description());
            }
            System.out.println("Any family takes a width multiplier: name:width, e.g. mbv2:0.75, resnet18:0.5.");
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a freshly initialised zoo model as ONNX.")
    static final class ExportCommand implements Runnable {
        @Parameters(index = "0", description = "Model, name[:width].")
        String model;
        @Option(names = "--out", required = true, description = "Output .onnx file.")
        Path out;
        @Option(names = "--size", defaultValue = "142", description = "Input side (default: ${DEFAULT-VALUE}).")
        int size;
        @Option(names = "--classes", defaultValue = "11", description = "Classes (default: ${DEFAULT-VALUE}).")
        int classes;
        @Option(names = "--channels", defaultValue = "3", description = "Input channels (default: ${DEFAULT-VALUE}).")
        int channels;
        @Option(names = "--seed", defaultValue = "0", description = "Initialisation seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--force", description = "Overwrite an existing file.")
        boolean force;

        @Override
        public void run() {
            OnnxModels.write(ModelZoo.build(model, channels, classes, size, seed), out, force);
            System.out.println("wrote " + out);
        }
    }
}
