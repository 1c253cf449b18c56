package dev.trinity.coordinator.pool;

import dev.trinity.coordinator.provider.ProviderKind;
import java.util.Objects;

/**
 * What one agent slot calls.
 *
 * @param id the slot, 0..n-1
 * @param provider the provider kind
 * @param model the model name
 * @param baseUrl the base URL, or null for the provider's default (required for {@code openai-compatible})
 * @param apiKeyEnv the name of the environment variable holding the key, or null
 * @param maxTokens the completion token limit, &gt; 0
 * @param temperature the sampling temperature, &ge; 0
 * @param timeoutMs the per-attempt timeout in milliseconds, &gt; 0
 * @param label a free label for output (for example the checkpoint's slot label); never a binding
 * @param price what the model costs per million tokens, or null when unknown (a cost budget then cannot be kept)
 */
public record SlotSpec(int id, ProviderKind provider, String model, String baseUrl, String apiKeyEnv, int maxTokens,
                       double temperature, long timeoutMs, String label, TokenPrice price) {

    /** A slot without a price. */
    public SlotSpec(int id, ProviderKind provider, String model, String baseUrl, String apiKeyEnv, int maxTokens,
                    double temperature, long timeoutMs, String label) {
        this(id, provider, model, baseUrl, apiKeyEnv, maxTokens, temperature, timeoutMs, label, null);
    }

    /** Validates the fields; messages name the slot. */
    public SlotSpec {
        Objects.requireNonNull(provider, "slot " + id + ": provider");
        if (id < 0) {
            throw new IllegalArgumentException("slot id must be >= 0, got " + id);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("slot " + id + ": model must be a non-blank string");
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("slot " + id + ": max_tokens must be > 0, got " + maxTokens);
        }
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("slot " + id + ": temperature must be >= 0, got " + temperature);
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("slot " + id + ": timeout_ms must be > 0, got " + timeoutMs);
        }
        if (provider == ProviderKind.OPENAI_COMPATIBLE && (baseUrl == null || baseUrl.isBlank())) {
            throw new IllegalArgumentException("slot " + id
                    + ": provider openai-compatible needs base_url (for example \"http://127.0.0.1:8000/v1\")");
        }
        if (label == null || label.isBlank()) {
            label = "agent_" + id;
        }
    }
}
