package dev.trinity.coordinator.hub;

import java.io.IOException;

/**
 * A fetch that could not complete: HTTP error, corrupted download, interrupted transfer, or a missing file in
 * offline mode. The message is one line naming the file, the cause and the fix; it never contains the token.
 */
public class FetchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * Creates the exception.
     *
     * @param path the repository path of the file that failed
     * @param message the full message
     * @param cause the underlying error, or null
     */
    public FetchException(String path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The repository path of the file that failed. */
    public String path() {
        return path;
    }
}
