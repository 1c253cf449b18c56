package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.SettingException;
import dev.trinity.coordinator.setting.Worded;

/**
 * An expected failure of a command: printed as one line, exit code 1 (or 2 for usage errors).
 *
 * <p>The message says what is wrong and what to do; it never contains a secret. Library messages name the library's
 * settings; {@link #messageOf(Throwable)} names the flags that give them instead.
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
     * A usage error for settings that cannot work as given, in the flags' words.
     *
     * @param e what the library threw
     * @return the failure (exit 2)
     */
    public static CliFailure usage(SettingException e) {
        return new CliFailure(messageOf(e), 2, null);
    }

    /**
     * The message of a library exception with each setting it names replaced by the flag that gives it
     * ({@code compute type fp16} becomes {@code --dtype fp16}); other messages unchanged.
     *
     * @param e the exception
     * @return its message for the command line
     */
    public static String messageOf(Throwable e) {
        return e instanceof Worded worded ? worded.wording().render(CliFailure::flagOf) : e.getMessage();
    }

    /** The flag that gives a library setting. */
    static String flagOf(Setting setting) {
        return switch (setting) {
            case DEVICE -> "--device";
            case COMPUTE_TYPE -> "--dtype";
            case MODEL_DIR -> "--model-dir";
            case ES_LOG -> "--es-log";
            case MOCK_POOL -> "--mock";
            case OFFLINE -> "--offline";
            case REVISION -> "--revision";
            case PIN_FILE -> "--pin FILE";
            case OUTPUT_DIR -> "--out";
            case RESUME -> "--resume";
            case CASES_FILE -> "--cases FILE";
            case SNAPSHOT -> "--snapshot FILE";
            case SNAPSHOT_OUT -> "--snapshot-out";
            case DETERMINISM_RUNS -> "--determinism-runs";
            case TOKENS_ONLY -> "--tokens-only";
        };
    }

    /**
     * The single line printed for a failure: {@code coordinator <command> [<subcommand>]: <message>}.
     *
     * @param command the failing command line (its qualified name is printed)
     */
    static String lineOf(picocli.CommandLine command, Throwable ex) {
        String message = messageOf(ex);
        if (message == null || message.isBlank()) {
            message = ex.getClass().getSimpleName();
        }
        return command.getCommandSpec().qualifiedName() + ": " + message.strip().replace('\n', ' ');
    }
}
