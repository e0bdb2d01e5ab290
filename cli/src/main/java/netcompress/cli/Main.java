package netcompress.cli;

import netcompress.cli.commands.CountCommand;
import netcompress.cli.commands.DataCommand;
import netcompress.cli.commands.DistillCommand;
import netcompress.cli.commands.EvalCommand;
import netcompress.cli.commands.InspectCommand;
import netcompress.cli.commands.PipelineCommand;
import netcompress.cli.commands.PredictCommand;
import netcompress.cli.commands.PruneCommand;
import netcompress.cli.commands.QuantizeCommand;
import netcompress.cli.commands.SearchCommand;
import netcompress.cli.commands.TrainCommand;
import netcompress.cli.commands.ZooCommand;
import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;
import netcompress.runtime.session.OrtNativeCache;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The one {@code netcompress} command. Each job is a subcommand class in {@code netcompress.cli.commands};
 * errors users can cause print one line and exit with the code DESIGN.md assigns (no stack trace
 * unless --verbose).
 */
@Command(name = "netcompress", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Distill, prune and run small CNNs as ONNX graphs (the food-11 network-compression job).")
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    static boolean verbose;

    /** Whether this run was asked for details (--verbose): stack traces, the engine check's findings. */
    public static boolean verbose() {
        return verbose;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        OrtNativeCache.useCopyBeside(ownJar());
        System.exit(execute(args));
    }

    /** The jar this class was loaded from, or null when it runs from classes (tests, an IDE). */
    static Path ownJar() {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null; // no code source to speak of: ONNX Runtime copies its libraries as usual
        }
    }

    /** The subcommands, in the order help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            CommandLine.HelpCommand.class,
            TrainCommand.class,
            DistillCommand.class,
            ZooCommand.class,
            PredictCommand.class,
            EvalCommand.class,
            PipelineCommand.class,
            InspectCommand.class,
            CountCommand.class,
            PruneCommand.class,
            SearchCommand.class,
            QuantizeCommand.class,
            DataCommand.class);

    /** The whole command tree, every subcommand's model built (help, and the tests that read it). */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command tree with only subcommand {@code only} when it names one (null: all). picocli reads every
     * subcommand's annotations when it is added, and its classes predate the class-file version that class data
     * sharing archives: building the model of all twelve took about 0.2 s of a 1.5 s prune.
     */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new Main());
        boolean known = only != null && !only.equals("help") && SUBCOMMANDS.stream().anyMatch(c -> c.getAnnotation(Command.class).name().equals(only));
        for (Class<?> c : SUBCOMMANDS) {
            if (!known || c.getAnnotation(Command.class).name().equals(only)) {
                cl.addSubcommand(c);
            }
        }
        return cl;
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        // Main's own options take no values, so the first word that is not an option names the subcommand
        String sub = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        CommandLine cl = commandLine(sub);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine));
        cl.setParameterExceptionHandler((ex, args1) -> {
            ex.getCommandLine().getErr().println("netcompress: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.BAD_INPUT.code();
        });
        return cl.execute(args);
    }

    private static int report(Exception ex, CommandLine cl) {
        var err = cl.getErr();
        if (ex instanceof NetcompressException ne) {
            err.println("netcompress: " + ne.message(FlagNames.of(cl.getCommandSpec())));
            if (verbose) {
                ne.printStackTrace(err);
            }
            return ne.exitCode().code();
        }
        err.println("netcompress: internal error: " + ex);
        if (verbose) {
            ex.printStackTrace(err);
        } else {
            err.println("(run again with --verbose for the stack trace)");
        }
        return ExitCode.INTERNAL.code();
    }
}
