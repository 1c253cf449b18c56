package dev.trinity.coordinator.cli.serve;

/** An expected failure of a request: an HTTP status and one readable line, never a stack trace or a secret. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    int status() {
        return status;
    }
}
