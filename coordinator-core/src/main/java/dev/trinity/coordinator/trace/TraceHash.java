package dev.trinity.coordinator.trace;

import dev.trinity.coordinator.conversation.Message;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The reference's trace hashes: lowercase hex SHA-256 of Erlang's compressed term encoding.
 *
 * <p>{@link #text(String)} hashes the map {@code {"text": s}}; {@link #messages(List)} hashes the list of maps
 * {@code {"content": c, "role": r}}. They feed {@code transcript_hash}, {@code response_hash} and the diagnosis and
 * suggestion hashes of the trace.
 */
public final class TraceHash {

    private TraceHash() {
    }

    /**
     * The hash of a text.
     *
     * @param text the text; null is hashed as {@code "nil"} as the reference does
     * @return 64 lowercase hex characters
     */
    public static String text(String text) {
        return sha256(TraceTermEncoder.encode(Map.of("text", text == null ? "nil" : text)));
    }

    /**
     * The hash of a conversation.
     *
     * @param messages the messages in order
     * @return 64 lowercase hex characters
     */
    public static String messages(List<Message> messages) {
        List<Object> terms = new ArrayList<>(messages.size());
        for (Message message : messages) {
            terms.add(Map.of("content", message.content(), "role", message.role().wireName()));
        }
        return sha256(TraceTermEncoder.encode(terms));
    }

    /**
     * The hash of raw role/content pairs; a missing (null) field is hashed as {@code "nil"}.
     *
     * @param messages maps with optional {@code role} and {@code content}
     * @return 64 lowercase hex characters
     */
    public static String rawMessages(List<Map<String, String>> messages) {
        List<Object> terms = new ArrayList<>(messages.size());
        for (Map<String, String> message : messages) {
            String content = message.get("content");
            String role = message.get("role");
            terms.add(Map.of("content", content == null ? "nil" : content, "role", role == null ? "nil" : role));
        }
        return sha256(TraceTermEncoder.encode(terms));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
