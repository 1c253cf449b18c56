package dev.trinity.coordinator.testing;

import dev.trinity.coordinator.loop.RunEvent;
import dev.trinity.coordinator.loop.RunListener;
import dev.trinity.coordinator.trace.EventType;
import dev.trinity.coordinator.trace.TraceEvent;
import dev.trinity.coordinator.trace.TraceWire;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Records the wire form of run events in memory, as the JSONL trace writes them (thread-safe). */
public final class RecordingListener implements RunListener {

    private final List<TraceEvent> events = new ArrayList<>();
    private final List<RunEvent> typed = new ArrayList<>();

    @Override
    public synchronized void onEvent(RunEvent event) {
        typed.add(event);
        TraceWire.of(event).ifPresent(events::add);
    }

    /** The events so far. */
    public synchronized List<TraceEvent> events() {
        return List.copyOf(events);
    }

    /** The typed events so far, including those the trace carries inside others. */
    public synchronized List<RunEvent> typed() {
        return List.copyOf(typed);
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
