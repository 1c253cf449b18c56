package dev.trinity.coordinator.provider;

import java.time.Duration;

/**
 * The one table from HTTP status to {@link ProviderException}: 401/403 authentication, 404 model not found,
 * 408 timeout, 429 rate limited, 5xx (and Anthropic's 529) server error, any other status invalid request.
 */
public final class ProviderErrorMapper {

    private static final int MAX_BODY_IN_MESSAGE = 300;

    private ProviderErrorMapper() {
    }

    /**
     * Maps a non-2xx response.
     *
     * @param status the HTTP status
     * @param body the response body (may be empty)
     * @param retryAfter the parsed Retry-After, or null
     * @param where a label such as {@code "openai-compatible POST http://host/v1/chat/completions"}
     * @return the typed exception
     */
    public static ProviderException fromStatus(int status, String body, Duration retryAfter, String where) {
        String message = where + " answered HTTP " + status + snippet(body);
        if (status == 401 || status == 403) {
            return new AuthenticationException(message + "; check the API key the pool names", status);
        }
        if (status == 404) {
            return new ModelNotFoundException(message + "; check the model name and base_url", status);
        }
        if (status == 408) {
            return new ProviderTimeoutException(message, status, false, null);
        }
        if (status == 429) {
            return new RateLimitedException(message, status, retryAfter);
        }
        if (status >= 500) {
            return new ProviderServerException(message, status, retryAfter);
        }
        return new InvalidRequestException(message, status);
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return ": " + (flat.length() > MAX_BODY_IN_MESSAGE ? flat.substring(0, MAX_BODY_IN_MESSAGE) + "…" : flat);
    }
}
