package dev.trinity.coordinator.budget;

/**
 * The five budget limits of a run; null means unbounded (the default for each).
 *
 * <p>Semantics: wall time fires when elapsed &ge; limit (0 fires at the first turn); {@code maxProviderCalls = N}
 * allows N HTTP attempts and aborts the (N+1)th; latency fires when one dispatch takes &gt; limit; revisions fire
 * at the (N+1)th rejecting Verifier turn; cost fires when the cumulative estimate reaches &ge; limit.
 *
 * @param maxWallTimeMs wall-clock limit of the run in milliseconds
 * @param maxProviderCalls the number of HTTP attempts allowed
 * @param maxProviderLatencyMs the latency limit of one dispatch in milliseconds
 * @param maxVerifierRevisions the number of rejecting Verifier turns allowed
 * @param maxEstimatedCostUsd the cumulative cost limit in USD (needs a {@link CostEstimator})
 */
public record Budgets(Long maxWallTimeMs, Long maxProviderCalls, Long maxProviderLatencyMs,
                      Long maxVerifierRevisions, Double maxEstimatedCostUsd) {

    /** No limits. */
    public static final Budgets NONE = new Budgets(null, null, null, null, null);

    /** Rejects negative or non-finite limits, naming the option. */
    public Budgets {
        requireNonNegative("max_wall_time_ms", maxWallTimeMs);
        requireNonNegative("max_provider_calls", maxProviderCalls);
        requireNonNegative("max_provider_latency_ms", maxProviderLatencyMs);
        requireNonNegative("max_verifier_revisions", maxVerifierRevisions);
        if (maxEstimatedCostUsd != null && (!Double.isFinite(maxEstimatedCostUsd) || maxEstimatedCostUsd < 0)) {
            throw new IllegalArgumentException("max_estimated_cost_usd must be a finite number >= 0, got "
                    + maxEstimatedCostUsd);
        }
    }

    /** A builder with every limit unset. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requireNonNegative(String name, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 (or unset for no limit), got " + value);
        }
    }

    /** Builds {@link Budgets}; unset limits stay unbounded. */
    public static final class Builder {
        private Long maxWallTimeMs;
        private Long maxProviderCalls;
        private Long maxProviderLatencyMs;
        private Long maxVerifierRevisions;
        private Double maxEstimatedCostUsd;

        private Builder() {
        }

        /** Sets {@code max_wall_time_ms}. */
        public Builder maxWallTimeMs(Long value) {
            this.maxWallTimeMs = value;
            return this;
        }

        /** Sets {@code max_provider_calls}. */
        public Builder maxProviderCalls(Long value) {
            this.maxProviderCalls = value;
            return this;
        }

        /** Sets {@code max_provider_latency_ms}. */
        public Builder maxProviderLatencyMs(Long value) {
            this.maxProviderLatencyMs = value;
            return this;
        }

        /** Sets {@code max_verifier_revisions}. */
        public Builder maxVerifierRevisions(Long value) {
            this.maxVerifierRevisions = value;
            return this;
        }

        /** Sets {@code max_estimated_cost_usd}. */
        public Builder maxEstimatedCostUsd(Double value) {
            this.maxEstimatedCostUsd = value;
            return this;
        }

        /** Builds and validates the limits. */
        public Budgets build() {
            return new Budgets(maxWallTimeMs, maxProviderCalls, maxProviderLatencyMs, maxVerifierRevisions,
                    maxEstimatedCostUsd);
        }
    }
}
