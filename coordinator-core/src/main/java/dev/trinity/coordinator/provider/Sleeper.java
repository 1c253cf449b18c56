package dev.trinity.coordinator.provider;

import java.time.Duration;

/** Waits between retry attempts; injected so tests do not sleep. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the current thread. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    /**
     * Waits.
     *
     * @param duration how long
     * @throws InterruptedException when interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
}
