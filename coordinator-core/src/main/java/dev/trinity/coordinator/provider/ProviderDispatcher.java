package dev.trinity.coordinator.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Sends a request through a provider with retries: asks the gate before every attempt, retries per the
 * {@link RetryPolicy} and never retries after partial output.
 *
 * <p>Immutable and shareable; the jitter source is made per dispatch from the policy seed, so a given sequence of
 * failures always waits the same delays.
 */
public final class ProviderDispatcher {

    private final RetryPolicy policy;
    private final Sleeper sleeper;

    /**
     * Creates a dispatcher.
     *
     * @param policy the retry policy
     * @param sleeper waits between attempts
     */
    public ProviderDispatcher(RetryPolicy policy, Sleeper sleeper) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The retry policy. */
    public RetryPolicy policy() {
        return policy;
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
            try {
                return new DispatchOutcome.Completed(provider.chat(request), attempts);
            } catch (ProviderException e) {
                last = e;
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
}
