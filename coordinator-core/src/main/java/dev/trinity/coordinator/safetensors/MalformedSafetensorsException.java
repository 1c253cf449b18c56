package dev.trinity.coordinator.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that cannot be read as such: the message names the file and what is wrong with it. */
public class MalformedSafetensorsException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message of the form {@code <file>: <problem>}. */
    public MalformedSafetensorsException(Path file, String problem) {
        super("safetensors file " + file + ": " + problem);
    }

    /** Creates the exception with a cause. */
    public MalformedSafetensorsException(Path file, String problem, Throwable cause) {
        super("safetensors file " + file + ": " + problem, cause);
    }
}
