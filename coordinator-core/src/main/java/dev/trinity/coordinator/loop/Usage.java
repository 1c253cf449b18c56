package dev.trinity.coordinator.loop;

/**
 * What a run consumed.
 *
 * @param dispatches successful provider dispatches
 * @param providerCalls HTTP attempts counted against {@code max_provider_calls} (retries included)
 * @param verifierRevisions rejecting Verifier turns
 * @param estimatedCostUsd the cumulative cost estimate (0 without an estimator)
 * @param providerLatencyMs the summed dispatch latency
 * @param inputTokens prompt tokens reported by providers
 * @param outputTokens completion tokens reported by providers
 * @param wallTimeMs the run's wall time
 */
public record Usage(int dispatches, long providerCalls, long verifierRevisions, double estimatedCostUsd,
                    long providerLatencyMs, long inputTokens, long outputTokens, long wallTimeMs) {
}
