package dev.trinity.coordinator.eval;

import dev.trinity.coordinator.conversation.Message;
import java.util.List;
import java.util.Objects;

/**
 * One prompt-eval case: a conversation and the route it is expected to get.
 *
 * @param id the unique case id, such as {@code math_direct}
 * @param messages the conversation, at least one message
 * @param expectedAgentId the expected agent slot
 * @param expectedRoleId the expected role id (0 Worker, 1 Thinker, 2 Verifier)
 * @param tags free-form tags
 * @param notes free-form notes, may be empty
 */
public record PromptEvalCase(String id, List<Message> messages, int expectedAgentId, int expectedRoleId,
                             List<String> tags, String notes) {

    /** Validates and copies. */
    public PromptEvalCase {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("case id must not be blank");
        }
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("case " + id + " has no messages");
        }
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        notes = notes == null ? "" : notes;
    }
}
