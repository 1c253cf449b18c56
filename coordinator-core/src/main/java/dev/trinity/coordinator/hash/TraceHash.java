package dev.trinity.coordinator.hash;

import dev.trinity.coordinator.conversation.Message;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reference's trace hashes ({@code TrinityCoordinator.Trace.Hash}): SHA-256 of the compressed Erlang term of a
 * <em>normalized</em> value.
 *
 * <p>Normalization: map keys become strings and the map is written with its keys in bytewise ascending UTF-8
 * order (the ERTS order of binary keys in a small map: {@code "content"} before {@code "role"}); atoms, including
 * {@code null} ({@code nil}) and booleans, become their names as strings; Java enums become their
 * {@code toString()}; {@code Object[]} (standing for tuples) becomes a list. Strings, numbers and lists are kept.
 * Maps with more than 32 keys are rejected: ERTS stores those as hash maps, whose order is not reproduced here.
 * Tensors are not supported (the reference hashes them through Nx; nothing here sends one).
 *
 * <p>Used for {@code RouteDecision.transcript_hash} and the {@code *_hash} fields of trace events.
 */
public final class TraceHash {

    private static final int MAX_FLATMAP_KEYS = 32;

    private TraceHash() {
    }

    /**
     * {@code Hash.text(s)}: the hash of {@code %{"text" => s}}.
     *
     * @param text the text, hashed as UTF-8 without normalization
     * @return 64 lowercase hex digits
     */
    public static String text(String text) {
        Objects.requireNonNull(text, "text");
        return ErlangTerms.sha256Hex(Map.of("text", text));
    }

    /**
     * {@code Hash.messages(list)}: the hash of {@code [%{"content" => c, "role" => r}, ...]}.
     *
     * @param messages the conversation in order
     * @return 64 lowercase hex digits
     */
    public static String messages(List<Message> messages) {
        Objects.requireNonNull(messages, "messages");
        List<Object> term = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("content", message.content());
            map.put("role", message.role().wireName());
            term.add(map);
        }
        return ErlangTerms.sha256Hex(term);
    }

    /**
     * {@code Hash.term(x)}: the hash of any normalized value.
     *
     * @param value a string, number, boolean, {@code null}, {@link Atom}, enum, list, {@code Object[]} or map
     * @return 64 lowercase hex digits
     * @throws IllegalArgumentException for a value with no mapping
     */
    public static String term(Object value) {
        return ErlangTerms.sha256Hex(normalize(value));
    }

    /**
     * The normalized form of a value, ready for {@link ErlangTerms}.
     *
     * @param value the value
     * @return strings, numbers, lists and key-ordered maps only
     */
    public static Object normalize(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof String || value instanceof Double || value instanceof Float
                || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Boolean || value instanceof Enum<?>) {
            return value.toString();
        }
        if (value instanceof Atom atom) {
            return atom.name();
        }
        if (value instanceof Object[] tuple) {
            return normalize(Arrays.asList(tuple));
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(normalize(element));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() > MAX_FLATMAP_KEYS) {
                throw new IllegalArgumentException("cannot hash a map with " + map.size()
                        + " keys; ERTS orders maps over 32 keys by hash, which is not reproduced");
            }
            TreeMap<byte[], Object> sorted = new TreeMap<>(Arrays::compareUnsigned);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = keyString(entry.getKey());
                if (sorted.put(key.getBytes(StandardCharsets.UTF_8), normalize(entry.getValue())) != null) {
                    throw new IllegalArgumentException("two map keys normalize to \"" + key + "\"");
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            sorted.forEach((key, v) -> out.put(new String(key, StandardCharsets.UTF_8), v));
            return out;
        }
        throw new IllegalArgumentException("no trace-hash mapping for " + value.getClass().getName());
    }

    private static String keyString(Object key) {
        Object normalized = normalize(key);
        if (normalized instanceof String s) {
            return s;
        }
        if (normalized instanceof Number) {
            return normalized.toString();
        }
        throw new IllegalArgumentException("map key of type " + key.getClass().getName() + " cannot become a string");
    }
}
