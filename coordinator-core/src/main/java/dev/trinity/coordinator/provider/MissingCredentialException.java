package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;

/** No credential was available for a provider that needs one; no request was sent. */
public final class MissingCredentialException extends NonRetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public MissingCredentialException(String message) {
        super(message, 0, null);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.MISSING_CREDENTIAL;
    }
}
