package dev.trinity.coordinator.cli;

/**
 * An expected failure of a command: printed as one line, exit code 1 (or 2 for usage errors).
 *
 * <p>The message says what is wrong and what to do; it never contains a secret.
 */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private CliFailure(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A failed check or run (exit 1). */
    public static CliFailure failed(String message) {
        return new CliFailure(message, 1, null);
    }

    /** A failed check or run (exit 1), keeping the cause for debugging. */
    public static CliFailure failed(String message, Throwable cause) {
        return new CliFailure(message, 1, cause);
    }

    /** Bad usage: wrong or conflicting options (exit 2). */
    public static CliFailure usage(String message) {
        return new CliFailure(message, 2, null);
    }

    /** The exit code. */
    public int exitCode() {
        return exitCode;
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof CliFailure failure) {
            return failure.exitCode;
        }
        return ex instanceof IllegalArgumentException ? 2 : 1;
    }

    /**
     * The single line printed for a failure: {@code coordinator <command> [<subcommand>]: <message>}.
     *
     * @param command the failing command line (its qualified name is printed)
     */
    static String lineOf(picocli.CommandLine command, Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            message = ex.getClass().getSimpleName();
        }
        return command.getCommandSpec().qualifiedName() + ": " + message.strip().replace('\n', ' ');
    }
}
