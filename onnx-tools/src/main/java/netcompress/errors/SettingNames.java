package netcompress.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a front end names a setting. Libraries write a setting into a message as {@code {budgetMacs}}
 * (the option's camelCase name, as the options records and the pipeline's config spell it) and never
 * as a command-line flag: the CLI renders {@code --budget-macs}, the pipeline its config key, a library
 * caller the name as written.
 */
@FunctionalInterface
public interface SettingNames {
    /** Names as the options records spell them: {@code {budgetMacs}} reads {@code budgetMacs}. */
    SettingNames AS_WRITTEN = setting -> setting;

    String name(String setting);

    /** {@code text} with every {@code {setting}} replaced by its name here. */
    default String render(String text) {
        if (text == null || text.indexOf('{') < 0) {
            return text;
        }
        Matcher m = Holder.PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(name(m.group(1))));
        }
        return m.appendTail(out).toString();
    }

    /** Interfaces cannot hold private constants. */
    final class Holder {
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][A-Za-z0-9]*)\\}");

        private Holder() {
        }
    }
}
