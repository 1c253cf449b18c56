package dev.trinity.coordinator.loop;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each event of a run to its listeners; a listener that throws is logged (without the event's content). */
final class RunListeners {

    private static final Logger LOG = LoggerFactory.getLogger(RunListeners.class);

    private final List<RunListener> listeners;

    RunListeners(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void emit(RunEvent event) {
        for (RunListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("run listener {} failed on {} of run {}: {}", listener.getClass().getName(),
                        event.getClass().getSimpleName(), event.context().runId(),
                        event.context().redactor().redactText(String.valueOf(e.getMessage())));
            }
        }
    }
}
