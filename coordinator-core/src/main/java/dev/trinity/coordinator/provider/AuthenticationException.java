package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.loop.FailureKind;

/** HTTP 401 or 403: the credential is missing, wrong or not allowed; not retried. */
public final class AuthenticationException extends NonRetriableProviderException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public AuthenticationException(String message, int statusCode) {
        super(message, statusCode, null);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.PROVIDER_AUTHENTICATION_FAILED;
    }
}
