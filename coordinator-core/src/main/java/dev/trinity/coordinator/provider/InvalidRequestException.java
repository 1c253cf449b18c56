package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;

/** HTTP 400 or another 4xx: the request was rejected as invalid; not retried. */
public final class InvalidRequestException extends NonRetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public InvalidRequestException(String message, int statusCode) {
        super(message, statusCode, null);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.PROVIDER_INVALID_REQUEST;
    }
}
