package dev.trinity.coordinator.role;

import java.util.Locale;

/** The parse status of a Verifier reply. */
public enum VerifierStatus {
    /** The reply starts with the accept token. */
    ACCEPTED,
    /** The reply starts with the revise token. */
    REVISED,
    /** Neither token leads the reply; treated as a revision, never as acceptance. */
    UNKNOWN;

    /** The lowercase name used in traces. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status the loop acts on: {@link #UNKNOWN} counts as {@link #REVISED}. */
    public VerifierStatus safe() {
        return this == UNKNOWN ? REVISED : this;
    }
}
