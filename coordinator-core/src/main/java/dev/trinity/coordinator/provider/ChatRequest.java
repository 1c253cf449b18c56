package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.conversation.Message;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One chat call: the messages (role prompt already injected), the model and its parameters.
 *
 * @param messages the messages to send, in order
 * @param model the model name
 * @param maxTokens the completion token limit, &gt; 0
 * @param temperature the sampling temperature, &ge; 0
 * @param timeout the whole-call timeout of one HTTP attempt
 * @param context where the call sits in the run
 */
public record ChatRequest(List<Message> messages, String model, int maxTokens, double temperature, Duration timeout,
                          CallContext context) {

    /** Validates and copies the fields. */
    public ChatRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(context, "context");
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be > 0, got " + maxTokens);
        }
        if (!(temperature >= 0)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
    }
}
