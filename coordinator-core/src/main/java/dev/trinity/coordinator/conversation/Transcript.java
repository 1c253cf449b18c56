package dev.trinity.coordinator.conversation;

import java.util.List;
import java.util.StringJoiner;

/** The router's view of a conversation: {@code role: content} lines joined by a single newline. */
public final class Transcript {

    private Transcript() {
    }

    /**
     * Formats messages as the router reads them: no chat template, no trailing newline, roles as written.
     *
     * @param messages the conversation in order
     * @return for example {@code "user: Hi\nassistant: Hello"}
     */
    public static String format(List<Message> messages) {
        StringJoiner joined = new StringJoiner("\n");
        for (Message message : messages) {
            joined.add(message.role().wireName() + ": " + message.content());
        }
        return joined.toString();
    }
}
