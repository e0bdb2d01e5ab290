package netcompress.cli.commands;

import netcompress.errors.BadInputException;
import netcompress.jobs.train.JobOptions;
import picocli.CommandLine;

import java.util.List;

/**
 * A training job's options parsed from a command line as {@code train} (no teacher) or {@code distill} parses
 * them, with their defaults: what {@code prune --finetune-arg} and {@code search --distill-arg} pass through.
 */
final class TrainingRecipe {
    private TrainingRecipe() {
    }

    /** {@code args} parsed by distill when {@code distill}, else by train; errors name {@code passThroughFlag}. */
    static JobOptions parse(List<String> args, boolean distill, String passThroughFlag) {
        try {
            if (!distill) {
                TrainCommand train = new TrainCommand();
                new CommandLine(train).parseArgs(args.toArray(new String[0]));
                train.common.applyThreads();
                return train.options();
            }
            DistillCommand d = new DistillCommand();
            new CommandLine(d).parseArgs(args.toArray(new String[0]));
            d.common.applyThreads();
            return d.options();
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException(passThroughFlag + ": " + e.getMessage());
        }
    }
}
