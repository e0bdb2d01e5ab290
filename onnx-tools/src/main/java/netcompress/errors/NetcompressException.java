package netcompress.errors;

/**
 * An error a user can understand and act on. The message must name the file or setting at fault, a
 * setting as {@code {name}} ({@link SettingNames}); the CLI prints it with its flags, without a stack
 * trace unless asked, and exits with {@link #exitCode()}.
 */
public class NetcompressException extends RuntimeException {
    private final ExitCode exitCode;

    public NetcompressException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public NetcompressException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The message with its settings named as written ({@code {budget}} reads {@code budget}). */
    @Override
    public String getMessage() {
        return message(SettingNames.AS_WRITTEN);
    }

    /** The message with its settings named as {@code names} names them (the CLI: its flags). */
    public String message(SettingNames names) {
        return names.render(template());
    }

    /** The message with its settings still written {@code {name}}: what a wrapping message quotes, so the front end names them. */
    public String template() {
        return super.getMessage();
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
