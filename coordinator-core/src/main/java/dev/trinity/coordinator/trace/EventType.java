package dev.trinity.coordinator.trace;

import java.util.Locale;

/** The trace event types, in the order a successful run emits them. */
public enum EventType {
    /** Once per run, first. */
    RUN_STARTED,
    /** Once per turn. */
    TURN_STARTED,
    /** The routing vector of the turn is ready. */
    SLM_EXTRACTED,
    /** The router picked the agent and role (after any Thinker override). */
    ROUTE_SELECTED,
    /** A dispatch started ({@code status=started}) or ended ({@code ok} / {@code error}). */
    PROVIDER_CALLED,
    /** The turn's reply was stored and parsed; carries the route decision. */
    TURN_COMPLETED,
    /** Terminal: the Verifier accepted, or the turn cap was reached with an answer. */
    RUN_COMPLETED,
    /** Terminal: exactly once on any failure path. */
    RUN_FAILED;

    /** The lowercase name in JSON. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
