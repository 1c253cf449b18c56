package dev.trinity.coordinator.hash;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Erlang's External Term Format: {@code term_to_binary(term, [compressed])} for the Java values that stand
 * for Elixir terms.
 *
 * <p>Mapping (every integer in the format is big-endian):
 * <ul>
 *   <li>{@link String} and {@code byte[]}: an Elixir binary, {@code BINARY_EXT} (109, u32 length, bytes);</li>
 *   <li>{@link Atom}: {@code SMALL_ATOM_UTF8_EXT} (119, u8 length, UTF-8); {@code null} is the atom {@code nil}
 *       and a {@link Boolean} the atom {@code true}/{@code false};</li>
 *   <li>{@link Integer}, {@link Long}, {@link Short}, {@link Byte}, {@link BigInteger}: {@code SMALL_INTEGER_EXT}
 *       (97) for 0..255, {@code INTEGER_EXT} (98) for other 32-bit values, else {@code SMALL_BIG_EXT} (110);</li>
 *   <li>{@link Double} and {@link Float} (widened exactly): {@code NEW_FLOAT_EXT} (70, IEEE-754 double);</li>
 *   <li>{@link List}: {@code LIST_EXT} (108, u32 count, elements, {@code NIL_EXT} 106); the empty list is 106;</li>
 *   <li>{@link Map}: {@code MAP_EXT} (116, u32 arity, key/value pairs) <em>in the map's iteration order</em>.
 *       ERTS writes small maps in its internal key order; callers must hand in a map already in that order
 *       (atom keys: the order the reference documents; binary keys: bytewise ascending, see
 *       {@link TraceHash}).</li>
 * </ul>
 *
 * <p>The compressed envelope (ERTS rule): the body T is deflated with zlib at level 6 (RFC 1950 wrapper, default
 * window and memory level, as {@code new Deflater(6)}); when the compressed size is at most {@code len(T) - 5}
 * the result is {@code 131, 80, u32 len(T), Z}, otherwise {@code 131, T}. Deflate output depends on the zlib
 * build; stock zlib (as bundled with OpenJDK) matches the reference's hashes.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ErlangTerms {

    /** The version byte that starts every encoded term. */
    public static final int VERSION = 131;
    /** The tag of the compressed envelope. */
    public static final int COMPRESSED = 80;

    private static final int NEW_FLOAT_EXT = 70;
    private static final int SMALL_INTEGER_EXT = 97;
    private static final int INTEGER_EXT = 98;
    private static final int NIL_EXT = 106;
    private static final int LIST_EXT = 108;
    private static final int BINARY_EXT = 109;
    private static final int SMALL_BIG_EXT = 110;
    private static final int LARGE_BIG_EXT = 111;
    private static final int MAP_EXT = 116;
    private static final int ATOM_UTF8_EXT = 118;
    private static final int SMALL_ATOM_UTF8_EXT = 119;

    private static final int ZLIB_LEVEL = 6;

    private ErlangTerms() {
    }

    /**
     * Encodes a term without the version byte and without compression: the body T.
     *
     * @param term a supported Java value (see the class comment)
     * @return the body bytes
     * @throws IllegalArgumentException for a value with no mapping, naming its class
     */
    public static byte[] encodeBody(Object term) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        write(out, term);
        return out.toByteArray();
    }

    /**
     * {@code term_to_binary(term)}: the version byte followed by the body, never compressed.
     *
     * @param term a supported Java value
     * @return the encoded bytes
     */
    public static byte[] termToBinary(Object term) {
        byte[] body = encodeBody(term);
        byte[] result = new byte[body.length + 1];
        result[0] = (byte) VERSION;
        System.arraycopy(body, 0, result, 1, body.length);
        return result;
    }

    /**
     * {@code term_to_binary(term, [compressed])}: zlib level 6, kept only when it saves at least 5 bytes.
     *
     * @param term a supported Java value
     * @return the encoded bytes, compressed or not as ERTS would choose
     */
    public static byte[] termToBinaryCompressed(Object term) {
        return envelope(encodeBody(term));
    }

    /**
     * Wraps an encoded body in the compressed envelope, following the ERTS size rule.
     *
     * @param body the body T (no version byte)
     * @return {@code 131, 80, u32 len(T), zlib(T)} when that is at most {@code len(T) - 5} bytes long, else
     *     {@code 131, T}
     */
    public static byte[] envelope(byte[] body) {
        byte[] compressed = zlib(body);
        if (compressed.length <= body.length - 5) {
            byte[] result = new byte[6 + compressed.length];
            result[0] = (byte) VERSION;
            result[1] = (byte) COMPRESSED;
            putU32(result, 2, body.length);
            System.arraycopy(compressed, 0, result, 6, compressed.length);
            return result;
        }
        byte[] result = new byte[body.length + 1];
        result[0] = (byte) VERSION;
        System.arraycopy(body, 0, result, 1, body.length);
        return result;
    }

    /**
     * The reference's term hash: lowercase hex SHA-256 of {@code term_to_binary(term, [compressed])}.
     *
     * @param term a supported Java value, maps already in ERTS key order
     * @return 64 lowercase hex digits
     */
    public static String sha256Hex(Object term) {
        return Sha256.of(termToBinaryCompressed(term));
    }

    private static byte[] zlib(byte[] input) {
        Deflater deflater = new Deflater(ZLIB_LEVEL);
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 16);
            byte[] buffer = new byte[Math.max(64, input.length + 64)];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void write(ByteArrayOutputStream out, Object term) {
        if (term == null) {
            writeAtom(out, "nil");
        } else if (term instanceof String s) {
            writeBinary(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (term instanceof byte[] bytes) {
            writeBinary(out, bytes);
        } else if (term instanceof Atom atom) {
            writeAtom(out, atom.name());
        } else if (term instanceof Boolean b) {
            writeAtom(out, b ? "true" : "false");
        } else if (term instanceof Integer || term instanceof Long || term instanceof Short || term instanceof Byte) {
            writeInteger(out, BigInteger.valueOf(((Number) term).longValue()));
        } else if (term instanceof BigInteger big) {
            writeInteger(out, big);
        } else if (term instanceof Double || term instanceof Float) {
            out.write(NEW_FLOAT_EXT);
            writeU64(out, Double.doubleToRawLongBits(((Number) term).doubleValue()));
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
            out.write(MAP_EXT);
            writeU32(out, map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                write(out, entry.getKey());
                write(out, entry.getValue());
            }
        } else {
            throw new IllegalArgumentException("no Erlang term mapping for " + term.getClass().getName());
        }
    }

    private static void writeAtom(ByteArrayOutputStream out, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 255) {
            out.write(SMALL_ATOM_UTF8_EXT);
            out.write(utf8.length);
        } else {
            out.write(ATOM_UTF8_EXT);
            out.write(utf8.length >>> 8);
            out.write(utf8.length & 0xFF);
        }
        out.write(utf8, 0, utf8.length);
    }

    private static void writeBinary(ByteArrayOutputStream out, byte[] bytes) {
        out.write(BINARY_EXT);
        writeU32(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void writeInteger(ByteArrayOutputStream out, BigInteger value) {
        if (value.signum() >= 0 && value.bitLength() <= 8) {
            out.write(SMALL_INTEGER_EXT);
            out.write(value.intValue());
        } else if (value.bitLength() <= 31) {
            out.write(INTEGER_EXT);
            writeU32(out, value.intValue());
        } else {
            // Little-endian magnitude digits, as SMALL_BIG_EXT / LARGE_BIG_EXT store them.
            byte[] bigEndian = value.abs().toByteArray();
            int start = bigEndian[0] == 0 ? 1 : 0;
            int n = bigEndian.length - start;
            if (n <= 255) {
                out.write(SMALL_BIG_EXT);
                out.write(n);
            } else {
                out.write(LARGE_BIG_EXT);
                writeU32(out, n);
            }
            out.write(value.signum() < 0 ? 1 : 0);
            for (int i = bigEndian.length - 1; i >= start; i--) {
                out.write(bigEndian[i]);
            }
        }
    }

    private static void writeU32(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write((value >>> 16) & 0xFF);
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
    }

    private static void writeU64(ByteArrayOutputStream out, long value) {
        writeU32(out, (int) (value >>> 32));
        writeU32(out, (int) value);
    }

    private static void putU32(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }
}
