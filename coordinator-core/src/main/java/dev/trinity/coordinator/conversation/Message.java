package dev.trinity.coordinator.conversation;

import java.util.Objects;

/**
 * One conversation message.
 *
 * @param role who wrote it
 * @param content the text, never null (may be empty)
 */
public record Message(MessageRole role, String content) {

    /** Validates that both fields are present. */
    public Message {
        Objects.requireNonNull(role, "message role must not be null");
        Objects.requireNonNull(content, "message content must not be null");
    }

    /** A system message. */
    public static Message system(String content) {
        return new Message(MessageRole.SYSTEM, content);
    }

    /** A user message. */
    public static Message user(String content) {
        return new Message(MessageRole.USER, content);
    }

    /** An assistant message. */
    public static Message assistant(String content) {
        return new Message(MessageRole.ASSISTANT, content);
    }

    /** Parses the role from its wire name. */
    public static Message of(String role, String content) {
        return new Message(MessageRole.parse(role), content);
    }
}
