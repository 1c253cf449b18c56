package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessagesJson;
import dev.trinity.coordinator.files.OutputPaths;
import dev.trinity.coordinator.json.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one way commands check the files and folders named on the command line: a path that is missing or of the
 * wrong kind is a usage error (exit 2) worded {@code --flag PATH: no such file} (or {@code no such directory},
 * {@code is a directory, not a file}, {@code is a file, not a directory}), whatever the command.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /** Returns {@code path} when it is an existing file (null passes through). */
    public static Path file(String flag, Path path) {
        if (path != null && !Files.isRegularFile(path)) {
            throw CliFailure.usage(flag + " " + path + (Files.isDirectory(path) ? ": is a directory, not a file"
                    : ": no such file"));
        }
        return path;
    }

    /** Returns {@code path} when it is an existing directory (null passes through). */
    public static Path directory(String flag, Path path) {
        if (path != null && !Files.isDirectory(path)) {
            throw CliFailure.usage(flag + " " + path + (Files.exists(path) ? ": is a file, not a directory"
                    : ": no such directory"));
        }
        return path;
    }

    /**
     * Checks, before any work, that a file can be written later: not a directory, and its parent a directory or
     * creatable (null passes through).
     */
    public static Path writableFile(String flag, Path path) {
        if (path == null) {
            return null;
        }
        OutputPaths.problem(path).ifPresent(problem -> {
            throw CliFailure.usage(flag + " " + path + ": " + problem);
        });
        return path;
    }

    /** Reads a conversation file ({@code --messages}): a JSON list of {@code {"role", "content"}} objects. */
    public static List<Message> messages(String flag, Path path) {
        file(flag, path);
        try {
            return MessagesJson.parse(JsonFiles.read(path, flag + " " + path));
        } catch (IOException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(flag + " " + path + ": " + CliFailure.messageOf(e));
        }
    }
}
