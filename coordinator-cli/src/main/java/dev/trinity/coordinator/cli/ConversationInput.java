package dev.trinity.coordinator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.conversation.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code --messages FILE}: a JSON array of {@code {"role", "content"}} objects. */
final class ConversationInput {

    private ConversationInput() {
    }

    static List<Message> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw CliFailure.usage("--messages " + file + ": cannot read a JSON array of {\"role\", \"content\"} ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw CliFailure.usage("--messages " + file + " must hold a non-empty JSON array of "
                    + "{\"role\": \"user\", \"content\": \"...\"} objects");
        }
        List<Message> messages = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            if (!entry.path("role").isTextual() || !entry.path("content").isTextual()) {
                throw CliFailure.usage("--messages " + file + ": entry " + i
                        + " needs string fields role and content");
            }
            try {
                messages.add(Message.of(entry.get("role").asText(), entry.get("content").asText()));
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage("--messages " + file + ": entry " + i + ": " + e.getMessage());
            }
        }
        return messages;
    }
}
