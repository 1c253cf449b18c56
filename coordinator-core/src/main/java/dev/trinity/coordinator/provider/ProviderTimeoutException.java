package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;

/** The call timed out (HTTP 408 or no answer in time); retried unless part of the body had arrived. */
public final class ProviderTimeoutException extends RetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ProviderTimeoutException(String message, int statusCode, boolean partialOutput, Throwable cause) {
        super(message, statusCode, partialOutput, null, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.PROVIDER_TIMEOUT;
    }
}
