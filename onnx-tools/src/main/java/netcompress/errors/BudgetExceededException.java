package netcompress.errors;

/** A parameter budget or a requested quality bar was not met. Exit code 1. */
public class BudgetExceededException extends NetcompressException {
    public BudgetExceededException(String message) {
        super(ExitCode.BUDGET_OR_BAR, message);
    }
}
