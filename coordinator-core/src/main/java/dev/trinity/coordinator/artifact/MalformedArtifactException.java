package dev.trinity.coordinator.artifact;

import dev.trinity.coordinator.setting.Worded;
import dev.trinity.coordinator.setting.Wording;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An adapted-artifact bundle, manifest or pin that cannot be used: missing, incomplete, corrupted or inconsistent.
 *
 * <p>Checked, because it describes bad input rather than a bug. The message is one line that names the file, what
 * is wrong and what to do.
 */
public class MalformedArtifactException extends IOException implements Worded {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final transient Wording wording;

    /**
     * Creates the exception.
     *
     * @param file the file (or directory) at fault
     * @param message what is wrong and what to do, naming the file
     */
    public MalformedArtifactException(Path file, String message) {
        this(file, Wording.of(message), null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file (or directory) at fault
     * @param message what is wrong and what to do, naming the file
     * @param cause the underlying error
     */
    public MalformedArtifactException(Path file, String message, Throwable cause) {
        this(file, Wording.of(message), cause);
    }

    /**
     * Creates the exception with a message that names settings.
     *
     * @param file the file (or directory) at fault
     * @param wording what is wrong and what to do, naming the file
     * @param cause the underlying error, or null
     */
    public MalformedArtifactException(Path file, Wording wording, Throwable cause) {
        super(wording.toString(), cause);
        this.file = file;
        this.wording = wording;
    }

    /** The file or directory at fault. */
    public Path file() {
        return file;
    }

    @Override
    public Wording wording() {
        return wording;
    }
}
