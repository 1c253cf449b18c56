package dev.trinity.coordinator.budget;

import java.util.Arrays;
import java.util.Optional;

/** The five budget kinds, with the names used in results and traces and the name of each limit. */
public enum BudgetKind {
    /** {@code max_wall_time_ms}: elapsed run time reached the limit. */
    WALL_TIME("wall_time", "max_wall_time_ms"),
    /** {@code max_provider_calls}: one more HTTP attempt than allowed. */
    PROVIDER_CALLS("provider_calls", "max_provider_calls"),
    /** {@code max_provider_latency_ms}: one dispatch took longer than allowed. */
    PROVIDER_LATENCY("provider_latency_ms", "max_provider_latency_ms"),
    /** {@code max_verifier_revisions}: the Verifier rejected once more than allowed. */
    VERIFIER_REVISIONS("verifier_revisions", "max_verifier_revisions"),
    /** {@code max_estimated_cost_usd}: the cumulative estimated cost reached the limit. */
    ESTIMATED_COST("estimated_cost_usd", "max_estimated_cost_usd");

    private final String wireName;
    private final String limitName;

    BudgetKind(String wireName, String limitName) {
        this.wireName = wireName;
        this.limitName = limitName;
    }

    /** The name in results, traces and metrics. */
    public String wireName() {
        return wireName;
    }

    /** The limit's name in the runbook's budget maps, for example {@code max_provider_calls}. */
    public String limitName() {
        return limitName;
    }

    /**
     * The kind a result or trace names.
     *
     * @param wireName for example {@code provider_calls}
     * @return the kind, or empty for an unknown name
     */
    public static Optional<BudgetKind> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(wireName)).findFirst();
    }
}
