package dev.trinity.coordinator.role;

import java.util.Locale;
import java.util.Optional;

/**
 * Parses Thinker replies for {@code <suggestion>…</suggestion>} and {@code <suggested_role>…</suggested_role>}.
 *
 * <p>Tags are case-sensitive and may come in any order. Only {@code solver} (the Worker) and {@code verifier} are
 * valid suggested roles; {@code worker} and {@code thinker} are not, as in the reference.
 */
public final class ThinkerParser {

    private ThinkerParser() {
    }

    /**
     * Parses a Thinker reply.
     *
     * @param text the reply
     * @return a suggestion when both tags hold valid values, else empty
     */
    public static Optional<ThinkerSuggestion> parse(String text) {
        String suggestion = extractTag(text, "suggestion");
        String roleText = extractTag(text, "suggested_role");
        if (suggestion == null || roleText == null) {
            return Optional.empty();
        }
        switch (roleText.strip().toLowerCase(Locale.ROOT)) {
            case "solver":
                return Optional.of(new ThinkerSuggestion(suggestion, AgentRole.WORKER));
            case "verifier":
                return Optional.of(new ThinkerSuggestion(suggestion, AgentRole.VERIFIER));
            default:
                return Optional.empty();
        }
    }

    /**
     * The trimmed text between the first {@code <tag>} and the first {@code </tag>} after it.
     *
     * @param text the text, may be null
     * @param tag the tag name
     * @return the value, or null when a tag is missing or the value is blank
     */
    public static String extractTag(String text, String tag) {
        if (text == null) {
            return null;
        }
        String open = "<" + tag + ">";
        int start = text.indexOf(open);
        if (start < 0) {
            return null;
        }
        int from = start + open.length();
        int end = text.indexOf("</" + tag + ">", from);
        if (end < 0) {
            return null;
        }
        String value = text.substring(from, end).strip();
        return value.isEmpty() ? null : value;
    }
}
