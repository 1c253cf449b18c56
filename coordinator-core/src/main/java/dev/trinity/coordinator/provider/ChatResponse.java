package dev.trinity.coordinator.provider;

import java.util.Objects;

/**
 * A provider's reply.
 *
 * @param text the reply text
 * @param model the model the provider reports, or the requested one
 * @param inputTokens prompt tokens, or null when not reported
 * @param outputTokens completion tokens, or null when not reported
 */
public record ChatResponse(String text, String model, Integer inputTokens, Integer outputTokens) {

    /** Validates the text and model. */
    public ChatResponse {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(model, "model");
    }
}
