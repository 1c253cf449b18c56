package dev.trinity.coordinator.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One redacted trace event.
 *
 * @param type the event type
 * @param runId the run id
 * @param timestampMs epoch milliseconds
 * @param fields the event's fields, already redacted (maps, lists, strings, numbers, booleans, nulls)
 */
public record TraceEvent(EventType type, String runId, long timestampMs, Map<String, Object> fields) {

    /** The trace schema version. */
    public static final int SCHEMA_VERSION = 1;

    /** Copies the fields into an unmodifiable map. */
    public TraceEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(runId, "runId");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A field value, or null. */
    public Object get(String key) {
        return fields.get(key);
    }

    /** The JSON object: the envelope ({@code event, run_id, schema_version, timestamp_ms}), then the fields. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(fields.size() + 4);
        map.put("event", type.wireName());
        map.put("run_id", runId);
        map.put("schema_version", SCHEMA_VERSION);
        map.put("timestamp_ms", timestampMs);
        fields.forEach(map::putIfAbsent);
        return map;
    }
}
