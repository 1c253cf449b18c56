package dev.trinity.coordinator.train.store;

/**
 * A checkpoint store could not do what was asked: unreachable, not migrated, or a statement failed. The message
 * says what and what to do; it never contains a password.
 */
public class CheckpointStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message. */
    public CheckpointStoreException(String message) {
        super(message);
    }

    /** With a message and the cause. */
    public CheckpointStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
