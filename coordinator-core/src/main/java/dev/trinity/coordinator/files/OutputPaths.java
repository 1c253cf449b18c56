package dev.trinity.coordinator.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a file can be written at a path, checked before anything is spent on what will be written there. */
public final class OutputPaths {

    private OutputPaths() {
    }

    /**
     * What stands in the way of writing a file at a path, as far as the file system shows without writing:
     * {@code it is a directory}, {@code /a/b is a file, not a directory} (a would-be parent folder) or
     * {@code /a is not writable} (the nearest existing folder).
     *
     * @param target the file to be written (it and its missing parent folders are created later)
     * @return the problem, or empty when none is visible
     */
    public static Optional<String> problem(Path target) {
        if (Files.isDirectory(target)) {
            return Optional.of("it is a directory");
        }
        for (Path parent = target.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent)) {
                if (!Files.isDirectory(parent)) {
                    return Optional.of(parent + " is a file, not a directory");
                }
                return Files.isWritable(parent) ? Optional.empty() : Optional.of(parent + " is not writable");
            }
        }
        return Optional.empty();
    }
}
