package dev.trinity.coordinator.train;

/**
 * A training run could not start or had to stop: a pre-flight check failed, a loss or fitness became NaN or
 * infinite, the run was interrupted, or its output folder holds another run. The message is one line saying what
 * is wrong and what to do.
 */
public class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a one-line message. */
    public TrainingException(String message) {
        super(message);
    }

    /** With a one-line message and the cause. */
    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
