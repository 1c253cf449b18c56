package dev.trinity.coordinator.provider;

import java.util.Map;
import java.util.Objects;

/**
 * Observes every HTTP attempt of a provider dispatch, retries included: the request before it is sent, then the
 * reply or the failure (LangChain4j's {@code ChatModelListener} shape). Each method is a no-op by default.
 *
 * <p>Called on the run's thread; a listener shared between runs must be thread-safe. A listener that throws is
 * logged and ignored: it never changes the dispatch.
 *
 * <pre>{@code
 * ProviderListener log = new ProviderListener() {
 *     @Override
 *     public void onError(Attempt attempt, ProviderException error) {
 *         System.err.println(attempt.provider().wireName() + " attempt " + attempt.number() + ": " + error.kind());
 *     }
 * };
 * }</pre>
 */
public interface ProviderListener {

    /**
     * One attempt of a dispatch.
     *
     * @param request the request (role prompt injected; never holds credentials)
     * @param provider the provider kind
     * @param number the attempt, from 1 (2 and up are retries)
     * @param attributes a map shared by the three calls of this attempt, for a listener's own state (for example a
     *     start time); not shared with other attempts
     */
    record Attempt(ChatRequest request, ProviderKind provider, int number, Map<Object, Object> attributes) {

        /** Validates the fields. */
        public Attempt {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    /**
     * An attempt is about to be sent.
     *
     * @param attempt the attempt
     */
    default void onRequest(Attempt attempt) {
    }

    /**
     * The provider answered the attempt.
     *
     * @param attempt the attempt
     * @param response the reply
     */
    default void onResponse(Attempt attempt, ChatResponse response) {
    }

    /**
     * The attempt failed; a retry may follow.
     *
     * @param attempt the attempt
     * @param error the failure (its message never holds credentials)
     */
    default void onError(Attempt attempt, ProviderException error) {
    }
}
