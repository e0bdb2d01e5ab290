package netcompress.errors;

/** Input the user supplied is unusable: a corrupt file, a wrong shape, a missing folder. Exit code 2. */
public class BadInputException extends NetcompressException {
    public BadInputException(String message) {
        super(ExitCode.BAD_INPUT, message);
    }

    public BadInputException(String message, Throwable cause) {
        super(ExitCode.BAD_INPUT, message, cause);
    }
}
