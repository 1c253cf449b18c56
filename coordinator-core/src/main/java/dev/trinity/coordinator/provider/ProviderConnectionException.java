package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;

/** The connection failed (refused, reset, DNS); retried unless part of the body had arrived. */
public final class ProviderConnectionException extends RetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ProviderConnectionException(String message, boolean partialOutput, Throwable cause) {
        super(message, 0, partialOutput, null, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.PROVIDER_CONNECTION_FAILED;
    }
}
