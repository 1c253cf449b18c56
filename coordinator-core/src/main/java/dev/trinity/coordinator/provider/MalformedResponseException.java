package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;

/** A 2xx response whose body is not the expected JSON; not retried. */
public final class MalformedResponseException extends NonRetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public MalformedResponseException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.PROVIDER_MALFORMED_RESPONSE;
    }
}
