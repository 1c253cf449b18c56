package dev.trinity.coordinator.budget;

/** The five budget kinds, with the names used in results and traces. */
public enum BudgetKind {
    /** {@code max_wall_time_ms}: elapsed run time reached the limit. */
    WALL_TIME("wall_time"),
    /** {@code max_provider_calls}: one more HTTP attempt than allowed. */
    PROVIDER_CALLS("provider_calls"),
    /** {@code max_provider_latency_ms}: one dispatch took longer than allowed. */
    PROVIDER_LATENCY("provider_latency_ms"),
    /** {@code max_verifier_revisions}: the Verifier rejected once more than allowed. */
    VERIFIER_REVISIONS("verifier_revisions"),
    /** {@code max_estimated_cost_usd}: the cumulative estimated cost reached the limit. */
    ESTIMATED_COST("estimated_cost_usd");

    private final String wireName;

    BudgetKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in results, traces and metrics. */
    public String wireName() {
        return wireName;
    }
}
