package netcompress.errors;

/**
 * An error a user can understand and act on. The message must name the file or setting at fault;
 * the CLI prints it without a stack trace (unless --verbose) and exits with {@link #exitCode()}.
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

    public ExitCode exitCode() {
        return exitCode;
    }
}
