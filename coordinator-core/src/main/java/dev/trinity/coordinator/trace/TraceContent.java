package dev.trinity.coordinator.trace;

import java.util.Locale;

/** How much text a trace carries. */
public enum TraceContent {
    /** Hashes only (default): free text appears as SHA-256 hashes. */
    HASH,
    /** Also the reply texts, diagnoses and suggestions (debugging only; secrets are still scrubbed). */
    FULL;

    /**
     * Parses {@code hash} or {@code full}.
     *
     * @param value the text
     * @return the mode
     * @throws IllegalArgumentException for anything else
     */
    public static TraceContent parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "hash":
                return HASH;
            case "full":
                return FULL;
            default:
                throw new IllegalArgumentException("trace content must be hash or full, got \"" + value + "\"");
        }
    }
}
