package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;
import java.time.Duration;

/** HTTP 429: the provider is rate limiting; retried after its Retry-After. */
public final class RateLimitedException extends RetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public RateLimitedException(String message, int statusCode, Duration retryAfter) {
        super(message, statusCode, false, retryAfter, null);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.PROVIDER_RATE_LIMITED;
    }
}
