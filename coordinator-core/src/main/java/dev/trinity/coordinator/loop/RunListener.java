package dev.trinity.coordinator.loop;

/**
 * Observes runs: one method per {@link RunEvent} type, each a no-op by default, so a listener overrides only what it
 * needs. The JSONL trace ({@link dev.trinity.coordinator.trace.JsonlTraceSink}), the metrics
 * ({@link dev.trinity.coordinator.metrics.CoordinatorMetrics}) and the CLI's report are listeners.
 *
 * <p>Called on the run's thread, in event order; a listener shared between runs must be thread-safe. A listener
 * that throws is logged and ignored: it never breaks the run it watches.
 *
 * <pre>{@code
 * RunListener progress = new RunListener() {
 *     @Override
 *     public void onTurnCompleted(RunEvent.TurnCompleted event) {
 *         System.out.println("turn " + event.record().turn() + ": " + event.record().role().displayName());
 *     }
 * };
 * }</pre>
 */
public interface RunListener {

    /**
     * Receives every event; the default hands it to the method of its type. Override this instead to see all
     * events in one place (as the JSONL trace does).
     *
     * @param event the event
     */
    default void onEvent(RunEvent event) {
        event.deliverTo(this);
    }

    /**
     * The run started.
     *
     * @param event the event
     */
    default void onRunStarted(RunEvent.RunStarted event) {
    }

    /**
     * A turn started.
     *
     * @param event the event
     */
    default void onTurnStarted(RunEvent.TurnStarted event) {
    }

    /**
     * The turn's routing vector is ready.
     *
     * @param event the event
     */
    default void onVectorExtracted(RunEvent.VectorExtracted event) {
    }

    /**
     * The router picked the slot and the role.
     *
     * @param event the event
     */
    default void onRouteSelected(RunEvent.RouteSelected event) {
    }

    /**
     * A provider dispatch starts.
     *
     * @param event the event
     */
    default void onProviderCallStarted(RunEvent.ProviderCallStarted event) {
    }

    /**
     * The provider answered.
     *
     * @param event the event
     */
    default void onProviderCallSucceeded(RunEvent.ProviderCallSucceeded event) {
    }

    /**
     * The provider dispatch failed.
     *
     * @param event the event
     */
    default void onProviderCallFailed(RunEvent.ProviderCallFailed event) {
    }

    /**
     * A Verifier reply was parsed.
     *
     * @param event the event
     */
    default void onVerdictGiven(RunEvent.VerdictGiven event) {
    }

    /**
     * A turn completed.
     *
     * @param event the event
     */
    default void onTurnCompleted(RunEvent.TurnCompleted event) {
    }

    /**
     * A budget fired.
     *
     * @param event the event
     */
    default void onBudgetExceeded(RunEvent.BudgetExceeded event) {
    }

    /**
     * The run ended with an answer.
     *
     * @param event the event
     */
    default void onRunCompleted(RunEvent.RunCompleted event) {
    }

    /**
     * The run failed.
     *
     * @param event the event
     */
    default void onRunFailed(RunEvent.RunFailed event) {
    }
}
