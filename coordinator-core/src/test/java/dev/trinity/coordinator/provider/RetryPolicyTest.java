package dev.trinity.coordinator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.builder().maxRetries(3).initialDelay(Duration.ofMillis(100))
            .multiplier(2).maxDelay(Duration.ofMillis(300)).maxRetryAfter(Duration.ofSeconds(10)).jitter(0).build();

    @Test
    void should_back_off_exponentially_up_to_the_cap_and_stop_after_max_retries() {
        ProviderException error = new ProviderServerException("x", 500, null);

        assertThat(policy.delayBeforeRetry(0, error, new Random(1))).contains(Duration.ofMillis(100));
        assertThat(policy.delayBeforeRetry(1, error, new Random(1))).contains(Duration.ofMillis(200));
        assertThat(policy.delayBeforeRetry(2, error, new Random(1))).contains(Duration.ofMillis(300));
        assertThat(policy.delayBeforeRetry(3, error, new Random(1))).isEmpty();
    }

    @Test
    void should_prefer_retry_after_and_refuse_one_beyond_the_cap() {
        assertThat(policy.delayBeforeRetry(0, new RateLimitedException("x", 429, Duration.ofSeconds(7)),
                new Random(1))).contains(Duration.ofSeconds(7));
        assertThat(policy.delayBeforeRetry(0, new RateLimitedException("x", 429, Duration.ofSeconds(11)),
                new Random(1))).isEmpty();
    }

    @Test
    void should_never_retry_non_retriable_or_partial_failures() {
        assertThat(policy.delayBeforeRetry(0, new AuthenticationException("x", 401), new Random(1))).isEmpty();
        assertThat(policy.delayBeforeRetry(0, new ProviderTimeoutException("x", 200, true, null), new Random(1)))
                .isEmpty();
        assertThat(policy.delayBeforeRetry(0, new ProviderTimeoutException("x", 0, false, null), new Random(1)))
                .isPresent();
    }

    @Test
    void should_jitter_reproducibly_from_the_seed() {
        RetryPolicy jittered = RetryPolicy.builder().initialDelay(Duration.ofMillis(1000)).jitter(0.5).build();
        ProviderException error = new ProviderServerException("x", 500, null);

        Duration a = jittered.delayBeforeRetry(0, error, new Random(7)).orElseThrow();
        Duration b = jittered.delayBeforeRetry(0, error, new Random(7)).orElseThrow();

        assertThat(a).isEqualTo(b).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void should_parse_retry_after_seconds_dates_and_milliseconds() {
        Clock clock = Clock.fixed(Instant.parse("2026-05-20T10:00:00Z"), ZoneOffset.UTC);

        assertThat(RetryAfter.parse(null, "5", clock)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse(null, "Wed, 20 May 2026 10:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(null, "Wed, 20 May 2026 09:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("1500", "5", clock)).contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse(null, "soon", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, null, clock)).isEmpty();
    }

    @Test
    void should_stop_and_keep_the_interrupt_flag_when_interrupted_while_waiting() {
        ProviderDispatcher dispatcher = new ProviderDispatcher(policy, d -> {
            throw new InterruptedException("stop");
        });
        ChatProvider failing = new ChatProvider() {
            @Override
            public ProviderKind kind() {
                return ProviderKind.MOCK;
            }

            @Override
            public ChatResponse chat(ChatRequest request) {
                throw new ProviderServerException("down", 503, null);
            }
        };
        try {
            DispatchOutcome outcome = dispatcher.dispatch(failing, new ChatRequest(List.of(), "m", 1, 0,
                    Duration.ofSeconds(1), CallContext.standalone(0, "Worker")), AttemptGate.OPEN);

            assertThat(((DispatchOutcome.Failed) outcome).error()).isInstanceOf(DispatchInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
