package dev.trinity.coordinator.provider;

/**
 * The provider SPI: one chat call, exactly one HTTP attempt, no hidden retries.
 *
 * <p>Retries, backoff and budget accounting live in {@link ProviderDispatcher}, so that every attempt is counted.
 * Implementations are immutable and safe to share between runs and threads.
 */
public interface ChatProvider {

    /** The provider kind ({@link ProviderKind#wireName()} is what traces and metrics show). */
    ProviderKind kind();

    /** The base URL, or null for providers without one. */
    default String baseUrl() {
        return null;
    }

    /**
     * Sends one request.
     *
     * @param request the request
     * @return the reply
     * @throws ProviderException typed by what failed
     */
    ChatResponse chat(ChatRequest request);
}
