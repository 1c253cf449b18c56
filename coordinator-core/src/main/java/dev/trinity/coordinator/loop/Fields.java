package dev.trinity.coordinator.loop;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds ordered trace field maps that may hold nulls. */
final class Fields {

    private Fields() {
    }

    static Map<String, Object> of(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        Map<String, Object> map = new LinkedHashMap<>(keyValues.length);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
