package dev.trinity.coordinator.provider;

/** Admits each HTTP attempt of a dispatch; the loop counts it against {@code max_provider_calls} here. */
@FunctionalInterface
public interface AttemptGate {

    /** Admits every attempt. */
    AttemptGate OPEN = attempt -> true;

    /**
     * Asks whether another attempt may run.
     *
     * @param attempt the attempt number, from 1
     * @return false to stop the dispatch before this attempt
     */
    boolean admit(int attempt);
}
