package dev.trinity.coordinator.safetensors;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes safetensors files.
 *
 * <p>The default style is what the Python {@code safetensors} package writes: {@code __metadata__} first, tensors
 * sorted by name, fields in the order dtype, shape, data_offsets, the header padded with spaces to a multiple of
 * 8 bytes. {@link HeaderStyle} reproduces the unpadded headers of the reference's Elixir-written files byte for byte.
 *
 * <pre>{@code
 * SafetensorsWriter.builder()
 *     .addFloats("trinity_router_head", new long[] {10, 1024}, head)
 *     .style(HeaderStyle.UNPADDED)
 *     .write(path);
 * }</pre>
 */
public final class SafetensorsWriter {

    /** How the JSON header is laid out. */
    public enum HeaderStyle {
        /** Fields dtype, shape, data_offsets; padded with spaces to a multiple of 8 (Python safetensors). */
        STANDARD(false, true),
        /** Fields dtype, shape, data_offsets; no padding (the reference's real {@code router_head.safetensors}). */
        UNPADDED(false, false),
        /** Fields sorted alphabetically (data_offsets, dtype, shape); no padding (the reference's tiny head). */
        UNPADDED_SORTED_FIELDS(true, false);

        private final boolean sortedFields;
        private final boolean padded;

        HeaderStyle(boolean sortedFields, boolean padded) {
            this.sortedFields = sortedFields;
            this.padded = padded;
        }
    }

    private record Entry(DType dtype, long[] shape, byte[] data) {
    }

    private final Map<String, Entry> tensors = new TreeMap<>();
    private final Map<String, String> metadata = new TreeMap<>();
    private HeaderStyle style = HeaderStyle.STANDARD;

    private SafetensorsWriter() {
    }

    /** A new, empty writer. */
    public static SafetensorsWriter builder() {
        return new SafetensorsWriter();
    }

    /** Sets the header layout (default {@link HeaderStyle#STANDARD}). */
    public SafetensorsWriter style(HeaderStyle headerStyle) {
        this.style = Objects.requireNonNull(headerStyle, "style");
        return this;
    }

    /** Adds a {@code __metadata__} entry. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
        return this;
    }

    /**
     * Adds a tensor from its raw little-endian bytes.
     *
     * @throws IllegalArgumentException if the byte count does not match the shape and dtype, or the name repeats
     */
    public SafetensorsWriter add(String name, DType dtype, long[] shape, byte[] data) {
        Objects.requireNonNull(name, "name");
        if (name.equals("__metadata__")) {
            throw new IllegalArgumentException("\"__metadata__\" is reserved and cannot name a tensor");
        }
        long expected = TensorInfo.elementCount(shape) * dtype.byteSize();
        if (data.length != expected) {
            throw new IllegalArgumentException("tensor \"" + name + "\": " + data.length + " bytes, but shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + expected);
        }
        if (tensors.putIfAbsent(name, new Entry(dtype, shape.clone(), data)) != null) {
            throw new IllegalArgumentException("tensor \"" + name + "\" added twice");
        }
        return this;
    }

    /** Adds a float32 tensor. */
    public SafetensorsWriter addFloats(String name, long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return add(name, DType.F32, shape, bytes.array());
    }

    /** Adds a tensor stored as BF16, rounding each float to nearest even. */
    public SafetensorsWriter addBf16(String name, long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putShort(Floats.floatToBf16(value));
        }
        return add(name, DType.BF16, shape, bytes.array());
    }

    /** The complete file contents. */
    public byte[] toBytes() {
        byte[] header = header();
        long dataLength = tensors.values().stream().mapToLong(e -> e.data.length).sum();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + header.length + dataLength))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        tensors.values().forEach(e -> out.put(e.data));
        return out.array();
    }

    /** Writes the file (replacing an existing one). */
    public void write(Path path) throws IOException {
        byte[] header = header();
        try (OutputStream out = Files.newOutputStream(path)) {
            byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array();
            out.write(length);
            out.write(header);
            for (Entry entry : tensors.values()) {
                out.write(entry.data);
            }
        }
    }

    private byte[] header() {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append("\"__metadata__\":{");
            String separator = "";
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                json.append(separator).append(quote(entry.getKey())).append(':').append(quote(entry.getValue()));
                separator = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Entry> tensor : tensors.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            Entry entry = tensor.getValue();
            String dtype = "\"dtype\":\"" + entry.dtype.name() + "\"";
            String shape = "\"shape\":" + Arrays.toString(entry.shape).replace(" ", "");
            String offsets = "\"data_offsets\":[" + offset + "," + (offset + entry.data.length) + "]";
            json.append(quote(tensor.getKey())).append(":{");
            json.append(style.sortedFields ? offsets + "," + dtype + "," + shape : dtype + "," + shape + "," + offsets);
            json.append('}');
            offset += entry.data.length;
        }
        json.append('}');
        if (style.padded) {
            int length = json.toString().getBytes(StandardCharsets.UTF_8).length;
            json.append(" ".repeat((8 - length % 8) % 8));
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
