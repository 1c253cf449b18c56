package dev.trinity.coordinator.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * When and how long to wait before retrying a failed provider call.
 *
 * <p>Only {@link RetriableProviderException}s without partial output are retried, at most {@code maxRetries}
 * times. A server's Retry-After wins over the backoff; when it asks for longer than {@code maxRetryAfter}, the call
 * is not retried (waiting less than asked would be refused again). Otherwise the delay is {@code initialDelay *
 * multiplier^retry}, capped at {@code maxDelay}, with a jitter of up to {@code jitter} of it drawn from a seeded
 * generator, so a schedule is reproducible.
 *
 * @param maxRetries retries after the first attempt (0 disables retries)
 * @param initialDelay the first backoff delay
 * @param multiplier the backoff growth, &ge; 1
 * @param maxDelay the backoff cap
 * @param maxRetryAfter the longest Retry-After honoured
 * @param jitter the jitter fraction in [0, 1)
 * @param seed the jitter seed
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, double multiplier, Duration maxDelay,
                          Duration maxRetryAfter, double jitter, long seed) {

    /** No retries. */
    public static final RetryPolicy NONE = builder().maxRetries(0).build();

    /** Validates the values. */
    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
    }

    /** A builder with defaults: 2 retries, 500 ms doubling to at most 8 s, Retry-After up to 60 s, 20% jitter. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The delay before retry number {@code retry} (0-based), or empty when the failure must not be retried.
     *
     * @param retry the number of retries already made
     * @param failure the failure of the last attempt
     * @param random the run's seeded jitter source
     * @return the delay, or empty to give up
     */
    public Optional<Duration> delayBeforeRetry(int retry, ProviderException failure, Random random) {
        if (retry >= maxRetries || !failure.retriable() || failure.partialOutput()) {
            return Optional.empty();
        }
        Optional<Duration> retryAfter = failure.retryAfter();
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(maxRetryAfter) > 0 ? Optional.empty() : Optional.of(asked);
        }
        double base = initialDelay.toMillis() * Math.pow(multiplier, retry);
        double capped = Math.min(base, maxDelay.toMillis());
        double withJitter = capped * (1.0 - jitter * random.nextDouble());
        return Optional.of(Duration.ofMillis(Math.round(withJitter)));
    }

    /** Builds a {@link RetryPolicy}. */
    public static final class Builder {
        private int maxRetries = 2;
        private Duration initialDelay = Duration.ofMillis(500);
        private double multiplier = 2.0;
        private Duration maxDelay = Duration.ofSeconds(8);
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private double jitter = 0.2;
        private long seed = 42L;

        private Builder() {
        }

        /** Retries after the first attempt. */
        public Builder maxRetries(int value) {
            this.maxRetries = value;
            return this;
        }

        /** The first backoff delay. */
        public Builder initialDelay(Duration value) {
            this.initialDelay = value;
            return this;
        }

        /** The backoff growth factor. */
        public Builder multiplier(double value) {
            this.multiplier = value;
            return this;
        }

        /** The backoff cap. */
        public Builder maxDelay(Duration value) {
            this.maxDelay = value;
            return this;
        }

        /** The longest Retry-After honoured. */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = value;
            return this;
        }

        /** The jitter fraction. */
        public Builder jitter(double value) {
            this.jitter = value;
            return this;
        }

        /** The jitter seed. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Builds the policy. */
        public RetryPolicy build() {
            return new RetryPolicy(maxRetries, initialDelay, multiplier, maxDelay, maxRetryAfter, jitter, seed);
        }
    }
}
