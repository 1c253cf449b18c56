package dev.trinity.coordinator.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses Retry-After (delta seconds or an HTTP date) and OpenAI's {@code retry-after-ms}. */
final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * The delay a server asked for.
     *
     * @param retryAfterMs the {@code retry-after-ms} header, or null
     * @param retryAfter the {@code Retry-After} header, or null
     * @param clock the clock to measure an HTTP date against
     * @return the delay (never negative), or empty when absent or unreadable
     */
    static Optional<Duration> parse(String retryAfterMs, String retryAfter, Clock clock) {
        if (retryAfterMs != null) {
            try {
                double ms = Double.parseDouble(retryAfterMs.strip());
                if (ms >= 0 && Double.isFinite(ms)) {
                    return Optional.of(Duration.ofMillis(Math.round(ms)));
                }
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return Optional.empty();
        }
        String value = retryAfter.strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration delay = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
