package dev.trinity.coordinator.route;

import java.util.Locale;

/** How an id is picked from the agent logits or the role logits. */
public enum SelectionMode {
    /** The index of the largest logit; on a tie the first index wins. */
    ARGMAX("argmax"),
    /** {@code p = softmax(logits / T)}, id = argmax(p) (alias {@code softmax_argmax}). */
    SOFTMAX("softmax"),
    /** {@code p} as for softmax; the first index whose cumulative probability reaches a seeded uniform draw. */
    SAMPLE("sample");

    private final String wireName;

    SelectionMode(String wireName) {
        this.wireName = wireName;
    }

    /** The lowercase name used in traces and decisions. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a mode: trimmed, lowercased, {@code -} read as {@code _}; {@code softmax_argmax} is
     * {@link #SOFTMAX}.
     *
     * @param text the mode text
     * @param option the option name for the error message ({@code agent_selection} or {@code role_selection})
     * @return the mode
     * @throws IllegalArgumentException with the reference's text
     */
    public static SelectionMode parse(String text, String option) {
        if (text != null) {
            String key = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            switch (key) {
                case "argmax":
                    return ARGMAX;
                case "softmax":
                case "softmax_argmax":
                    return SOFTMAX;
                case "sample":
                    return SAMPLE;
                default:
                    break;
            }
        }
        String shown = text == null ? "nil" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        throw new IllegalArgumentException(option + " must be :argmax, :softmax, :softmax_argmax, or :sample, got "
                + shown);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
