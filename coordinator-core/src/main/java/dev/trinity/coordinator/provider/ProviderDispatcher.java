package dev.trinity.coordinator.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request through a provider with retries: asks the gate before every attempt, retries per the
 * {@link RetryPolicy} and never retries after partial output. {@link ProviderListener}s see every attempt.
 *
 * <p>Immutable and shareable; the jitter source is made per dispatch from the policy seed, so a given sequence of
 * failures always waits the same delays.
 */
public final class ProviderDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderDispatcher.class);

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final List<ProviderListener> listeners;

    /**
     * Creates a dispatcher without listeners.
     *
     * @param policy the retry policy
     * @param sleeper waits between attempts
     */
    public ProviderDispatcher(RetryPolicy policy, Sleeper sleeper) {
        this(policy, sleeper, List.of());
    }

    /**
     * Creates a dispatcher.
     *
     * @param policy the retry policy
     * @param sleeper waits between attempts
     * @param listeners observers of every attempt, in order
     */
    public ProviderDispatcher(RetryPolicy policy, Sleeper sleeper, List<ProviderListener> listeners) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.listeners = List.copyOf(listeners);
    }

    /** The retry policy. */
    public RetryPolicy policy() {
        return policy;
    }

    /**
     * This dispatcher with more listeners after its own.
     *
     * @param more the listeners to add
     * @return a dispatcher with the same policy and sleeper
     */
    public ProviderDispatcher withListeners(List<ProviderListener> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<ProviderListener> all = new ArrayList<>(listeners);
        all.addAll(more);
        return new ProviderDispatcher(policy, sleeper, all);
    }

    /**
     * Dispatches a request.
     *
     * @param provider the provider
     * @param request the request
     * @param gate admits each attempt
     * @return the outcome; never throws a {@link ProviderException}
     */
    public DispatchOutcome dispatch(ChatProvider provider, ChatRequest request, AttemptGate gate) {
        Random jitter = new Random(policy.seed() ^ request.context().turn());
        ProviderException last = null;
        int attempts = 0;
        while (true) {
            if (!gate.admit(attempts + 1)) {
                return new DispatchOutcome.Refused(last, attempts);
            }
            attempts++;
            ProviderListener.Attempt attempt = new ProviderListener.Attempt(request, provider.kind(), attempts,
                    new HashMap<>());
            notify(attempt, l -> l.onRequest(attempt));
            try {
                ChatResponse response = provider.chat(request);
                notify(attempt, l -> l.onResponse(attempt, response));
                return new DispatchOutcome.Completed(response, attempts);
            } catch (ProviderException e) {
                last = e;
                notify(attempt, l -> l.onError(attempt, e));
            }
            Optional<Duration> delay = policy.delayBeforeRetry(attempts - 1, last, jitter);
            if (delay.isEmpty()) {
                return new DispatchOutcome.Failed(last, attempts);
            }
            try {
                sleeper.sleep(delay.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new DispatchOutcome.Failed(
                        new DispatchInterruptedException("interrupted while waiting to retry after: "
                                + last.getMessage(), e), attempts);
            }
        }
    }

    private void notify(ProviderListener.Attempt attempt, Consumer<ProviderListener> call) {
        for (ProviderListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("provider listener {} failed on attempt {} of {}: {}", listener.getClass().getName(),
                        attempt.number(), attempt.provider().wireName(), e.getClass().getSimpleName());
            }
        }
    }
}
