package dev.trinity.coordinator.provider;

import java.time.Duration;
import java.util.Optional;

/** A provider failure that a later attempt may not repeat: rate limit (429), 5xx, timeout, connection failure. */
public abstract class RetriableProviderException extends ProviderException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param statusCode the HTTP status or 0
     * @param partialOutput whether part of a body was received (then no retry)
     * @param retryAfter the server's Retry-After, or null
     * @param cause the cause, or null
     */
    protected RetriableProviderException(String message, int statusCode, boolean partialOutput, Duration retryAfter,
                                         Throwable cause) {
        super(message, statusCode, partialOutput, cause);
        this.retryAfter = retryAfter;
    }

    @Override
    public boolean retriable() {
        return true;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
