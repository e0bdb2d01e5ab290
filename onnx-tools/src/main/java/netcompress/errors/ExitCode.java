package netcompress.errors;

/** The process exit codes every netcompress command uses (DESIGN.md, Conventions). */
public enum ExitCode {
    OK(0),
    /** Budget exceeded, or an evaluation below a requested bar. */
    BUDGET_OR_BAR(1),
    /** Bad input or usage: the user can fix it. */
    BAD_INPUT(2),
    /** A bug or an environment failure. */
    INTERNAL(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
