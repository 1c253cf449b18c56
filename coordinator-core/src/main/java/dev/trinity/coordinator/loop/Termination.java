package dev.trinity.coordinator.loop;

import java.util.Locale;

/** How a successful run ended. */
public enum Termination {
    /** The Verifier accepted; the result text is the Verifier's reply. */
    ACCEPTED,
    /** The turn cap was reached; the result text is the latest Worker (or seeded assistant) reply. */
    MAX_TURNS_LATEST_WORKER_RESPONSE;

    /** The name in traces ({@code accepted}, {@code max_turns_latest_worker_response}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
