package dev.trinity.coordinator.provider;

/** A provider failure that a retry cannot fix: 400, 401/403, 404, malformed body, missing credential. */
public abstract class NonRetriableProviderException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param statusCode the HTTP status or 0
     * @param cause the cause, or null
     */
    protected NonRetriableProviderException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, false, cause);
    }

    @Override
    public boolean retriable() {
        return false;
    }
}
