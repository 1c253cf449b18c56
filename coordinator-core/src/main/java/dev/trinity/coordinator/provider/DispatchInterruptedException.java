package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;

/** The thread was interrupted while waiting to retry; the interrupt flag is restored. */
public final class DispatchInterruptedException extends NonRetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public DispatchInterruptedException(String message, Throwable cause) {
        super(message, 0, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.DISPATCH_INTERRUPTED;
    }
}
