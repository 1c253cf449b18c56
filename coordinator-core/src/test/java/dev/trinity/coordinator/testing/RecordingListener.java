package dev.trinity.coordinator.testing;

import dev.trinity.coordinator.trace.EventType;
import dev.trinity.coordinator.trace.TraceEvent;
import dev.trinity.coordinator.trace.TraceListener;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Records events in memory (thread-safe). */
public final class RecordingListener implements TraceListener {

    private final List<TraceEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(TraceEvent event) {
        events.add(event);
    }

    /** The events so far. */
    public synchronized List<TraceEvent> events() {
        return List.copyOf(events);
    }

    /** The event types, in order. */
    public synchronized List<EventType> types() {
        return events.stream().map(TraceEvent::type).collect(Collectors.toList());
    }

    /** The events of one type. */
    public synchronized List<TraceEvent> of(EventType type) {
        return events.stream().filter(e -> e.type() == type).collect(Collectors.toList());
    }

    /** Type names with the provider status, e.g. {@code provider_called:ok}. */
    public synchronized List<String> labels() {
        return events.stream().map(e -> e.type() == EventType.PROVIDER_CALLED
                ? e.type().wireName() + ":" + e.get("status") : e.type().wireName()).collect(Collectors.toList());
    }
}
