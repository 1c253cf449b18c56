package dev.trinity.coordinator.trace;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scrubs secrets from anything before it is traced, at any depth.
 *
 * <p>It walks maps, collections, arrays (primitive too), records, optionals and exceptions (type and message,
 * then the cause), and returns plain JSON-ready values. Three rules: the value of any map key named
 * {@code api_key}, {@code authorization}, {@code password}, {@code secret} or {@code token} (any case) becomes
 * {@code <redacted>}; any string containing {@code bearer} (any case) and a space becomes {@code <redacted>}; and
 * every configured secret value is replaced by {@code <redacted>} wherever it occurs inside a string. The rules
 * apply in both content modes. Immutable and thread-safe.
 */
public final class Redactor {

    /** The replacement text. */
    public static final String REDACTED = "<redacted>";

    private static final Set<String> SECRET_KEYS = Set.of("api_key", "authorization", "password", "secret", "token");
    private static final int MAX_DEPTH = 64;

    private final List<String> secretValues;

    /**
     * Creates a redactor.
     *
     * @param secretValues values to scrub wherever they occur (blank ones are ignored)
     */
    public Redactor(Collection<String> secretValues) {
        List<String> values = new ArrayList<>();
        for (String value : secretValues) {
            if (value != null && !value.isBlank() && !values.contains(value.strip())) {
                values.add(value.strip());
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        this.secretValues = List.copyOf(values);
    }

    /** A redactor with no configured values (key and bearer rules only). */
    public static Redactor keysOnly() {
        return new Redactor(List.of());
    }

    /**
     * Scrubs a text: bearer strings become {@code <redacted>}, secret values are cut out.
     *
     * @param text the text, may be null
     * @return the scrubbed text
     */
    public String redactText(String text) {
        if (text == null) {
            return null;
        }
        if (text.indexOf(' ') >= 0 && text.toLowerCase(Locale.ROOT).contains("bearer")) {
            return REDACTED;
        }
        String out = text;
        for (String secret : secretValues) {
            if (out.contains(secret)) {
                out = out.replace(secret, REDACTED);
            }
        }
        return out;
    }

    /**
     * Scrubs a value and converts it to JSON-ready values (maps with string keys, lists, strings, numbers,
     * booleans, null).
     *
     * @param value anything
     * @return the scrubbed value
     */
    public Object redact(Object value) {
        return redact(value, 0);
    }

    private Object redact(Object value, int depth) {
        if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            return value;
        }
        if (depth > MAX_DEPTH) {
            return "<too deep>";
        }
        if (value instanceof Float f) {
            return finite(f.doubleValue());
        }
        if (value instanceof Double d) {
            return finite(d);
        }
        if (value instanceof Number n) {
            return n;
        }
        if (value instanceof CharSequence s) {
            return redactText(s.toString());
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = redactText(String.valueOf(entry.getKey()));
                out.put(key, SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT)) ? REDACTED
                        : redact(entry.getValue(), depth + 1));
            }
            return out;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> out = new ArrayList<>(collection.size());
            for (Object element : collection) {
                out.add(redact(element, depth + 1));
            }
            return out;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> out = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                out.add(redact(Array.get(value, i), depth + 1));
            }
            return out;
        }
        if (value instanceof Optional<?> optional) {
            return redact(optional.orElse(null), depth + 1);
        }
        if (value instanceof Throwable t) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", t.getClass().getSimpleName());
            out.put("message", redactText(t.getMessage()));
            if (t.getCause() != null && t.getCause() != t) {
                out.put("cause", redact(t.getCause(), depth + 1));
            }
            return out;
        }
        if (value instanceof Record record) {
            return redact(recordToMap(record), depth + 1);
        }
        return redactText(String.valueOf(value));
    }

    private static Object finite(double d) {
        return Double.isFinite(d) ? (Object) d : String.valueOf(d);
    }

    private static Map<String, Object> recordToMap(Record record) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                component.getAccessor().setAccessible(true);
                map.put(component.getName(), component.getAccessor().invoke(record));
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                map.put(component.getName(), "<unreadable>");
            }
        }
        return map;
    }
}
