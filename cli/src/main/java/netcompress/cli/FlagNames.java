package netcompress.cli;

import netcompress.errors.SettingNames;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The command line's names for the settings libraries write as {@code {name}}: the flag of the running
 * command (or of a command above it, for --verbose) whose field has that name, else whose flag is the
 * name in kebab case. A setting the command has no flag for keeps its name, which is how the pipeline's
 * config file spells it.
 */
public final class FlagNames implements SettingNames {
    private final CommandSpec spec;

    private FlagNames(CommandSpec spec) {
        this.spec = spec;
    }

    public static FlagNames of(CommandSpec spec) {
        return new FlagNames(spec);
    }

    /** Prints each line to {@code out} with its settings named as flags. */
    public static Consumer<String> printer(CommandSpec spec, PrintStream out) {
        FlagNames names = of(spec);
        return line -> out.println(names.render(line));
    }

    @Override
    public String name(String setting) {
        String kebab = "--" + setting.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            for (OptionSpec o : s.options()) {
                if (o.userObject() instanceof Field f && f.getName().equals(setting)) {
                    return o.names()[0];
                }
            }
            OptionSpec byName = s.findOption(kebab);
            if (byName != null) {
                return byName.names()[0];
            }
        }
        return setting;
    }
}
