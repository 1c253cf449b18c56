package dev.trinity.coordinator.hub;

import dev.trinity.coordinator.setting.Worded;
import dev.trinity.coordinator.setting.Wording;
import java.io.IOException;

/**
 * A fetch that could not complete: HTTP error, corrupted download, interrupted transfer, or a missing file in
 * offline mode. The message is one line naming the file, the cause and the fix; it never contains the token.
 */
public class FetchException extends IOException implements Worded {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final transient Wording wording;

    /**
     * Creates the exception.
     *
     * @param path the repository path of the file that failed
     * @param wording the full message, naming the settings that fix it
     * @param cause the underlying error, or null
     */
    public FetchException(String path, Wording wording, Throwable cause) {
        super(wording.toString(), cause);
        this.path = path;
        this.wording = wording;
    }

    /** The repository path of the file that failed. */
    public String path() {
        return path;
    }

    @Override
    public Wording wording() {
        return wording;
    }
}
