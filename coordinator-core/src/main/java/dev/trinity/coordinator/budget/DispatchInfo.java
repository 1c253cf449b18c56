package dev.trinity.coordinator.budget;

import dev.trinity.coordinator.provider.ProviderKind;

/**
 * What a cost estimator sees of one successful dispatch.
 *
 * @param provider the provider kind
 * @param model the model name
 * @param responseText the reply text
 * @param mode {@code live} or {@code mock}
 * @param latencyMs the dispatch latency in milliseconds
 * @param agentId the agent slot
 * @param roleName the role name
 * @param inputTokens prompt tokens reported by the provider, or null
 * @param outputTokens completion tokens reported by the provider, or null
 */
public record DispatchInfo(ProviderKind provider, String model, String responseText, String mode, long latencyMs,
                           int agentId, String roleName, Integer inputTokens, Integer outputTokens) {
}
