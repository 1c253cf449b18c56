package dev.trinity.coordinator.train;

import dev.trinity.coordinator.setting.Worded;
import dev.trinity.coordinator.setting.Wording;

/**
 * A training run could not start or had to stop: a pre-flight check failed, a loss or fitness became NaN or
 * infinite, the run was interrupted, or its output folder holds another run. The message is one line saying what
 * is wrong and what to do.
 */
public class TrainingException extends RuntimeException implements Worded {

    private static final long serialVersionUID = 1L;

    private final transient Wording wording;

    /** With a one-line message. */
    public TrainingException(String message) {
        this(Wording.of(message), null);
    }

    /** With a one-line message and the cause. */
    public TrainingException(String message, Throwable cause) {
        this(Wording.of(message), cause);
    }

    /**
     * With a one-line message that names settings, and the cause.
     *
     * @param wording what is wrong and what to do
     * @param cause the underlying error, or null
     */
    public TrainingException(Wording wording, Throwable cause) {
        super(wording.toString(), cause);
        this.wording = wording;
    }

    @Override
    public Wording wording() {
        return wording;
    }
}
