package dev.trinity.coordinator.trace;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trace of one run: stamps the envelope, redacts, and hands each event to the listeners.
 *
 * <p>A listener that throws is logged (without the event's content) and ignored.
 */
public final class RunTracer {

    private static final Logger LOG = LoggerFactory.getLogger(RunTracer.class);

    private final String runId;
    private final Redactor redactor;
    private final List<TraceListener> listeners;
    private final LongSupplier epochMillis;

    /**
     * Creates the tracer of a run.
     *
     * @param runId the run id
     * @param redactor the run's redactor
     * @param listeners the listeners, in order
     * @param epochMillis the wall clock for {@code timestamp_ms}
     */
    public RunTracer(String runId, Redactor redactor, List<TraceListener> listeners, LongSupplier epochMillis) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.listeners = List.copyOf(listeners);
        this.epochMillis = Objects.requireNonNull(epochMillis, "epochMillis");
    }

    /** The run id. */
    public String runId() {
        return runId;
    }

    /** The run's redactor. */
    public Redactor redactor() {
        return redactor;
    }

    /**
     * Emits an event.
     *
     * @param type the type
     * @param fields the fields (redacted here)
     */
    @SuppressWarnings("unchecked")
    public void emit(EventType type, Map<String, Object> fields) {
        if (listeners.isEmpty()) {
            return;
        }
        Map<String, Object> redacted = (Map<String, Object>) redactor.redact(fields);
        TraceEvent event = new TraceEvent(type, runId, epochMillis.getAsLong(), redacted);
        for (TraceListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("trace listener {} failed on {} of run {}: {}", listener.getClass().getName(),
                        type.wireName(), runId, redactor.redactText(String.valueOf(e.getMessage())));
            }
        }
    }
}
