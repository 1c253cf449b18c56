package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;
import java.time.Duration;

/** HTTP 5xx (or Anthropic's 529 overloaded): a server-side failure; retried. */
public final class ProviderServerException extends RetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ProviderServerException(String message, int statusCode, Duration retryAfter) {
        super(message, statusCode, false, retryAfter, null);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.PROVIDER_SERVER_ERROR;
    }
}
