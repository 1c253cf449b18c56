package dev.trinity.coordinator.loop;

import java.util.Locale;

/**
 * Why a run failed: the kind of a {@link RunResult.Failure}, and of the provider failure that ended it.
 *
 * <p>{@link #wireName()} is the name in traces, metrics and the CLI ({@code budget_exceeded},
 * {@code provider_rate_limited}, …).
 */
public enum FailureKind {
    /** A budget fired; the failure's details name it ({@code budget}) and say what was observed. */
    BUDGET_EXCEEDED,
    /** The turn cap was reached before any Worker answered. */
    MAX_TURNS_REACHED,
    /** The router picked the Verifier before there was an answer to check. */
    VERIFIER_BEFORE_WORKER_RESPONSE,
    /** The router threw. */
    ROUTING_FAILED,
    /** The router returned a role id outside 0..2. */
    UNKNOWN_ROLE,
    /** The router picked an agent slot the pool does not have. */
    UNKNOWN_AGENT,
    /** HTTP 429 (retriable). */
    PROVIDER_RATE_LIMITED,
    /** HTTP 5xx (retriable). */
    PROVIDER_SERVER_ERROR,
    /** The call timed out (retriable). */
    PROVIDER_TIMEOUT,
    /** The connection failed (retriable). */
    PROVIDER_CONNECTION_FAILED,
    /** HTTP 401 or 403: check the key. */
    PROVIDER_AUTHENTICATION_FAILED,
    /** Any other 4xx. */
    PROVIDER_INVALID_REQUEST,
    /** HTTP 404: check the model and base URL. */
    PROVIDER_MODEL_NOT_FOUND,
    /** A 2xx reply the provider code could not read. */
    PROVIDER_MALFORMED_RESPONSE,
    /** A provider that needs an API key has none. */
    MISSING_CREDENTIAL,
    /** The thread was interrupted while waiting to retry. */
    DISPATCH_INTERRUPTED;

    /** The lowercase name in traces, metrics and output, for example {@code budget_exceeded}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
