package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;
import java.time.Duration;
import java.util.Optional;

/**
 * A failed provider call; the subtype says whether a retry can help.
 *
 * <p>{@link RetriableProviderException}s (rate limit, server error, timeout, connection failure) may be retried
 * unless output was already partly received; {@link NonRetriableProviderException}s (authentication, invalid
 * request, unknown model, malformed response, missing credential) never are. Messages never contain credentials.
 */
public abstract class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final boolean partialOutput;

    /**
     * Creates the exception.
     *
     * @param message what happened, without secrets
     * @param statusCode the HTTP status, or 0 when none was received
     * @param partialOutput true when part of a response body had been received
     * @param cause the cause, or null
     */
    protected ProviderException(String message, int statusCode, boolean partialOutput, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.partialOutput = partialOutput;
    }

    /** The failure kind used as the run's failure reason, for example {@link FailureKind#PROVIDER_RATE_LIMITED}. */
    public abstract FailureKind kind();

    /** Whether this type of failure may succeed on a retry. */
    public abstract boolean retriable();

    /** The HTTP status, or 0 when none was received. */
    public int statusCode() {
        return statusCode;
    }

    /** True when part of a response had been received; such calls are never retried. */
    public boolean partialOutput() {
        return partialOutput;
    }

    /** The server's Retry-After, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}
