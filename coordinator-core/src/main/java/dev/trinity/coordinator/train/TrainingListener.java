package dev.trinity.coordinator.train;

/**
 * Receives a run's events as they happen, on the training thread. A listener that throws is logged and ignored: it
 * never stops the run it watches.
 */
@FunctionalInterface
public interface TrainingListener {

    /**
     * One event.
     *
     * @param event the event
     */
    void onEvent(TrainingEvent event);
}
