package dev.trinity.coordinator.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The transcript of one run: an append-only, thread-safe list of messages.
 *
 * <p>Each run owns its store; role prompts injected for a provider call are never stored here. Snapshots are
 * immutable copies, so a reader never sees a half-appended list.
 */
public final class ConversationStore {

    private final List<Message> messages;

    /** An empty store. */
    public ConversationStore() {
        this(List.of());
    }

    /**
     * A store seeded with messages.
     *
     * @param initial the first messages, in order
     */
    public ConversationStore(List<Message> initial) {
        Objects.requireNonNull(initial, "initial messages");
        this.messages = new ArrayList<>(initial.size() + 8);
        for (int i = 0; i < initial.size(); i++) {
            this.messages.add(Objects.requireNonNull(initial.get(i), "initial message " + i));
        }
    }

    /** An immutable snapshot of the messages, in order. */
    public synchronized List<Message> messages() {
        return Collections.unmodifiableList(new ArrayList<>(messages));
    }

    /** The number of messages. */
    public synchronized int size() {
        return messages.size();
    }

    /**
     * Appends a message.
     *
     * @param message the message
     */
    public synchronized void append(Message message) {
        messages.add(Objects.requireNonNull(message, "message"));
    }

    /**
     * Appends a message given its wire role.
     *
     * @param role {@code system}, {@code user} or {@code assistant}
     * @param content the text
     * @throws IllegalArgumentException "unsupported message role" naming the role
     */
    public void append(String role, String content) {
        MessageRole parsed;
        try {
            parsed = MessageRole.parse(role);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unsupported message role \"" + role
                    + "\"; use one of system, user, assistant", e);
        }
        append(new Message(parsed, content));
    }

    /** Appends a user message. */
    public void appendUser(String content) {
        append(Message.user(content));
    }

    /** Appends an assistant message. */
    public void appendAssistant(String content) {
        append(Message.assistant(content));
    }

    /** The content of the last assistant message, or null when there is none. */
    public synchronized String lastAssistantContent() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == MessageRole.ASSISTANT) {
                return messages.get(i).content();
            }
        }
        return null;
    }
}
