package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;

/** HTTP 404: the model or endpoint does not exist; not retried. */
public final class ModelNotFoundException extends NonRetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ModelNotFoundException(String message, int statusCode) {
        super(message, statusCode, null);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.PROVIDER_MODEL_NOT_FOUND;
    }
}
