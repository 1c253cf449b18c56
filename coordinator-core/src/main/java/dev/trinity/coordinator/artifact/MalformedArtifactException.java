package dev.trinity.coordinator.artifact;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An adapted-artifact bundle, manifest or pin that cannot be used: missing, incomplete, corrupted or inconsistent.
 *
 * <p>Checked, because it describes bad input rather than a bug. The message is one line that names the file, what
 * is wrong and what to do.
 */
public class MalformedArtifactException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the file (or directory) at fault
     * @param message what is wrong and what to do, naming the file
     */
    public MalformedArtifactException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file (or directory) at fault
     * @param message what is wrong and what to do, naming the file
     * @param cause the underlying error
     */
    public MalformedArtifactException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file or directory at fault. */
    public Path file() {
        return file;
    }
}
