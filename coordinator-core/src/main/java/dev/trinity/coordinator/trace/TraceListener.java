package dev.trinity.coordinator.trace;

/**
 * Receives trace events of runs, already redacted.
 *
 * <p>Called on the run's thread; listeners shared between runs must be thread-safe. A listener that throws is
 * logged and ignored: it never fails the run.
 */
@FunctionalInterface
public interface TraceListener {

    /**
     * Handles one event.
     *
     * @param event the event
     */
    void onEvent(TraceEvent event);
}
