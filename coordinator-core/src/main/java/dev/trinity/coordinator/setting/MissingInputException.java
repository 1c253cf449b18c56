package dev.trinity.coordinator.setting;

import java.io.IOException;

/** A file or folder a setting names (or that the library looked for on its behalf) is missing or unusable. */
public class MissingInputException extends IOException implements Worded {

    private static final long serialVersionUID = 1L;

    private final transient Wording wording;

    /**
     * Creates the exception.
     *
     * @param wording what is missing, where it was looked for, and which setting to give
     */
    public MissingInputException(Wording wording) {
        this(wording, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param wording what is missing or wrong, and which setting to give
     * @param cause the underlying error, or null
     */
    public MissingInputException(Wording wording, Throwable cause) {
        super(wording.toString(), cause);
        this.wording = wording;
    }

    @Override
    public Wording wording() {
        return wording;
    }
}
