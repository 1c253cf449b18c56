package dev.trinity.coordinator.conversation;

import java.util.Locale;

/** The author of a conversation message, with the lowercase name used on the wire and in transcripts. */
public enum MessageRole {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant");

    private final String wireName;

    MessageRole(String wireName) {
        this.wireName = wireName;
    }

    /** The lowercase name used in transcripts, hashes and provider requests. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name ({@code system}, {@code user}, {@code assistant}).
     *
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static MessageRole parse(String name) {
        if (name != null) {
            for (MessageRole role : values()) {
                if (role.wireName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown message role \"" + name + "\"; expected one of system, user, assistant");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
