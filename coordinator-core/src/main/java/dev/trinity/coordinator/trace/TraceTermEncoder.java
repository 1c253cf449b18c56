package dev.trinity.coordinator.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Erlang's {@code term_to_binary(term, [compressed])} for the terms the trace hashes: strings (binaries), lists and
 * maps with string keys.
 *
 * <p>Bytes: version 131; binary {@code 109, u32 len, utf8}; list {@code 108, u32 n, elements…, 106}; empty list
 * {@code 106}; map {@code 116, u32 n, key, value…} with keys sorted bytewise. Compressed form: zlib (level 6, with
 * header) over the term bytes; used only when it saves at least 5 bytes: {@code 131, 80, u32 termLen, deflated}.
 * Stateless. The router branch has the general encoder; this one exists for the trace until the two are folded.
 */
final class TraceTermEncoder {

    private static final int VERSION = 131;
    private static final int COMPRESSED = 80;
    private static final int BINARY_EXT = 109;
    private static final int LIST_EXT = 108;
    private static final int NIL_EXT = 106;
    private static final int MAP_EXT = 116;

    private TraceTermEncoder() {
    }

    /**
     * Encodes a term as {@code term_to_binary(term, [compressed])}.
     *
     * @param term a String, a List of terms or a Map with String keys and term values
     * @return the external term format bytes
     */
    static byte[] encode(Object term) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(64);
        write(body, term);
        byte[] termBytes = body.toByteArray();
        byte[] deflated = deflate(termBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(termBytes.length + 6);
        out.write(VERSION);
        if (deflated.length <= termBytes.length - 5) {
            out.write(COMPRESSED);
            writeU32(out, termBytes.length);
            out.writeBytes(deflated);
        } else {
            out.writeBytes(termBytes);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object term) {
        if (term instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.write(BINARY_EXT);
            writeU32(out, utf8.length);
            out.writeBytes(utf8);
        } else if (term instanceof List<?> list) {
            if (list.isEmpty()) {
                out.write(NIL_EXT);
                return;
            }
            out.write(LIST_EXT);
            writeU32(out, list.size());
            for (Object element : list) {
                write(out, element);
            }
            out.write(NIL_EXT);
        } else if (term instanceof Map<?, ?> map) {
            List<byte[]> keys = new ArrayList<>(map.size());
            List<Object> values = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("trace hash map keys must be strings, got " + entry.getKey());
                }
                keys.add(key.getBytes(StandardCharsets.UTF_8));
                values.add(entry.getValue());
            }
            Integer[] order = new Integer[keys.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys.get(a), keys.get(b)));
            out.write(MAP_EXT);
            writeU32(out, map.size());
            for (int i : order) {
                out.write(BINARY_EXT);
                writeU32(out, keys.get(i).length);
                out.writeBytes(keys.get(i));
                write(out, values.get(i));
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + (term == null ? "null" : term.getClass().getName())
                    + " for a trace hash; use strings, lists and string-keyed maps");
        }
    }

    private static byte[] deflate(byte[] input) {
        Deflater deflater = new Deflater(6);
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 16);
            byte[] buffer = new byte[Math.max(64, input.length + 16)];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void writeU32(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
