package dev.trinity.coordinator.provider;

/** HTTP 404: the model or endpoint does not exist; not retried. */
public final class ModelNotFoundException extends NonRetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ModelNotFoundException(String message, int statusCode) {
        super(message, statusCode, null);
    }

    @Override
    public String kind() {
        return "provider_model_not_found";
    }
}
