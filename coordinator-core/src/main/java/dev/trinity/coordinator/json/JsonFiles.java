package dev.trinity.coordinator.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads JSON files for commands and loaders. Failures are one line naming the file and, for bad JSON, the line and
 * column with the parser's own explanation; Jackson's location suffix ({@code [Source: REDACTED ...]}) never appears.
 */
public final class JsonFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a parser message points back at an opening bracket: {@code [Source: REDACTED (...); line: 1, column: 6]}. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]");

    private JsonFiles() {
    }

    /**
     * Reads and parses a JSON file.
     *
     * @param file the file
     * @param what how messages name it, for example {@code "cases file /x/cases.json"} or {@code "--messages m.json"}
     * @return the parsed tree (never null: an empty file is reported as bad JSON)
     * @throws NoSuchFileException {@code "<what> does not exist"}
     * @throws IOException {@code "<what> is not valid JSON (line L, column C: ...)"} or {@code "cannot read <what>: ..."}
     */
    public static JsonNode read(Path file, String what) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            NoSuchFileException missing = new NoSuchFileException(null, null, what + " does not exist");
            missing.initCause(e);
            throw missing;
        } catch (IOException e) {
            throw new IOException("cannot read " + what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        return parse(bytes, what);
    }

    /**
     * Parses JSON text.
     *
     * @param bytes UTF-8 JSON
     * @param what how messages name the source
     * @return the tree
     * @throws IOException {@code "<what> is not valid JSON (line L, column C: ...)"}
     */
    public static JsonNode parse(byte[] bytes, String what) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(what + " is not valid JSON (" + describe(e) + ")", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IOException(what + " is not valid JSON (it is empty)");
        }
        return root;
    }

    /**
     * A parse error as one line: {@code line L, column C: <the parser's message>}, without any source excerpt (also
     * not the one Jackson puts inside its message for an unclosed bracket: that becomes {@code line L, column C}).
     *
     * @param e the error
     * @return the text
     */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        message = SOURCE.matcher(message.lines().findFirst().orElse(message).strip()).replaceAll("line $1, column $2");
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? message
                : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message;
    }
}
