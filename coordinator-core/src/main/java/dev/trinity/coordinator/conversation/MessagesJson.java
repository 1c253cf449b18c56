package dev.trinity.coordinator.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.json.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads conversations written as JSON: a list of {@code {"role": ..., "content": ...}} objects. */
public final class MessagesJson {

    private MessagesJson() {
    }

    /**
     * Reads a messages file: a JSON list of messages, or an object with a {@code messages} list.
     *
     * @throws IOException naming the file and the first bad entry
     */
    public static List<Message> read(Path file) throws IOException {
        JsonNode root = JsonFiles.read(file, "messages file " + file);
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IOException("messages file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a JSON list of messages (or an object with a {@code messages} list).
     *
     * @throws IllegalArgumentException naming the first bad entry and what it needs
     */
    public static List<Message> parse(JsonNode root) {
        JsonNode list = root != null && root.isObject() ? root.get("messages") : root;
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("expected a JSON list of {\"role\", \"content\"} objects");
        }
        List<Message> messages = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            JsonNode role = entry.get("role");
            JsonNode content = entry.get("content");
            if (!entry.isObject() || role == null || !role.isTextual() || content == null || !content.isTextual()) {
                throw new IllegalArgumentException("message " + i + " needs string \"role\" and \"content\", got "
                        + entry);
            }
            try {
                messages.add(Message.of(role.asText(), content.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("message " + i + ": " + e.getMessage(), e);
            }
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("the conversation has no messages");
        }
        return messages;
    }
}
