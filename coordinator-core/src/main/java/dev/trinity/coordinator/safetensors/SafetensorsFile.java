package dev.trinity.coordinator.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.json.JsonFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file opened for reading: the header is parsed and validated up front, tensor data is
 * memory-mapped on demand in windows, so files larger than 2 GB work.
 *
 * <p>Format: an 8-byte little-endian header length N, N bytes of JSON header, then the data section. Each
 * header entry gives {@code dtype}, {@code shape} and {@code data_offsets} relative to the data section; offsets
 * need not be aligned. The optional {@code __metadata__} entry maps strings to strings.
 *
 * <pre>{@code
 * try (SafetensorsFile file = SafetensorsFile.open(path)) {
 *     float[] weights = file.readFloats("model.norm.weight"); // BF16 and F16 are converted to float32
 * }
 * }</pre>
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Largest header accepted, as in the reference implementation (100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Chunk size of bulk reads; a multiple of every element size. */
    private static final int READ_CHUNK_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final Map<String, TensorInfo> tensors;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, String> metadata,
                            Map<String, TensorInfo> tensors) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.metadata = metadata;
        this.tensors = tensors;
    }

    /**
     * Opens and validates a safetensors file.
     *
     * @throws MalformedSafetensorsException if the file is not valid safetensors (the message names the problem)
     * @throws IOException if the file cannot be read
     */
    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return parse(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new MalformedSafetensorsException(path,
                    "file is " + size + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new MalformedSafetensorsException(path, "header length " + Long.toUnsignedString(headerLength)
                    + " is not plausible (must be 2.." + MAX_HEADER_BYTES + " bytes)");
        }
        if (8 + headerLength > size) {
            throw new MalformedSafetensorsException(path, "header length " + headerLength
                    + " runs past the end of the file (" + size + " bytes); the file is truncated");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8);
        String headerText = new String(headerBytes.array(), StandardCharsets.UTF_8);
        JsonNode header;
        try {
            header = JSON.readTree(headerText);
        } catch (JsonProcessingException e) {
            throw new MalformedSafetensorsException(path, "header is not valid JSON: " + JsonFiles.describe(e));
        }
        if (header == null || !header.isObject()) {
            throw new MalformedSafetensorsException(path, "header is not a JSON object");
        }
        long dataLength = size - 8 - headerLength;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("__metadata__")) {
                readMetadata(path, entry.getValue(), metadata);
            } else {
                tensors.put(entry.getKey(), readEntry(path, entry.getKey(), entry.getValue(), dataLength));
            }
        }
        checkNoOverlap(path, tensors.values());
        return new SafetensorsFile(path, channel, 8 + headerLength,
                Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(tensors));
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> into)
            throws MalformedSafetensorsException {
        if (!node.isObject()) {
            throw new MalformedSafetensorsException(path, "__metadata__ must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new MalformedSafetensorsException(path,
                        "__metadata__ value of \"" + entry.getKey() + "\" is not a string");
            }
            into.put(entry.getKey(), entry.getValue().asText());
        }
    }

    private static TensorInfo readEntry(Path path, String name, JsonNode node, long dataLength)
            throws MalformedSafetensorsException {
        String where = "tensor \"" + name + "\"";
        if (!node.isObject()) {
            throw new MalformedSafetensorsException(path, where + " is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsetsNode = node.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || offsetsNode == null) {
            throw new MalformedSafetensorsException(path, where + " needs dtype, shape and data_offsets");
        }
        DType dtype = DType.parseOrNull(dtypeNode.asText());
        if (!dtypeNode.isTextual() || dtype == null) {
            throw new MalformedSafetensorsException(path, where + " has unknown dtype " + dtypeNode);
        }
        if (!shapeNode.isArray()) {
            throw new MalformedSafetensorsException(path, where + " has a shape that is not a list: " + shapeNode);
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = shapeNode.get(i);
            if (!dim.canConvertToLong() || !dim.isIntegralNumber() || dim.asLong() < 0) {
                throw new MalformedSafetensorsException(path, where + " has an invalid dimension " + dim);
            }
            shape[i] = dim.asLong();
        }
        if (!offsetsNode.isArray() || offsetsNode.size() != 2 || !offsetsNode.get(0).isIntegralNumber()
                || !offsetsNode.get(1).isIntegralNumber()) {
            throw new MalformedSafetensorsException(path, where + " has invalid data_offsets " + offsetsNode);
        }
        long begin = offsetsNode.get(0).asLong();
        long end = offsetsNode.get(1).asLong();
        if (begin < 0 || end < begin || end > dataLength) {
            throw new MalformedSafetensorsException(path, where + " has data_offsets [" + begin + ", " + end
                    + "] outside the data section of " + dataLength + " bytes");
        }
        long expected;
        try {
            expected = Math.multiplyExact(TensorInfo.elementCount(shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new MalformedSafetensorsException(path, where + " has a shape too large to address");
        }
        if (end - begin != expected) {
            throw new MalformedSafetensorsException(path, where + " is " + (end - begin) + " bytes but shape "
                    + shapeNode + " of " + dtype + " needs " + expected);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static void checkNoOverlap(Path path, Iterable<TensorInfo> tensors) throws MalformedSafetensorsException {
        List<TensorInfo> sorted = new ArrayList<>();
        tensors.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo previous = sorted.get(i - 1);
            TensorInfo current = sorted.get(i);
            if (current.begin() < previous.end() && current.byteLength() > 0) {
                throw new MalformedSafetensorsException(path, "tensors \"" + previous.name() + "\" and \""
                        + current.name() + "\" overlap in the data section");
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /** The {@code __metadata__} entries (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** All tensors, in header order. */
    public List<TensorInfo> tensors() {
        return List.copyOf(tensors.values());
    }

    /** Whether a tensor with this name exists. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The header entry of a tensor.
     *
     * @throws MalformedSafetensorsException naming the file and the missing tensor
     */
    public TensorInfo tensor(String name) throws MalformedSafetensorsException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new MalformedSafetensorsException(path, "missing tensor \"" + name + "\"");
        }
        return info;
    }

    /** Reads a floating-point tensor as float32 (BF16 by {@code bits << 16}, F16 exactly, F64 rounded). */
    public float[] readFloats(String name) throws IOException {
        TensorInfo info = tensor(name);
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new MalformedSafetensorsException(path, "tensor \"" + name + "\" has " + count
                    + " elements, too many for one float array");
        }
        float[] out = new float[(int) count];
        readFloats(name, FloatBuffer.wrap(out));
        return out;
    }

    /**
     * Reads a floating-point tensor as float32 into {@code dest} (from its position; it must have room).
     *
     * @throws MalformedSafetensorsException if the tensor is not a floating-point type
     */
    public void readFloats(String name, FloatBuffer dest) throws IOException {
        TensorInfo info = tensor(name);
        if (!info.dtype().isFloating()) {
            throw new MalformedSafetensorsException(path, "tensor \"" + name + "\" is " + info.dtype()
                    + ", not a floating-point type");
        }
        if (dest.remaining() < info.elementCount()) {
            throw new IllegalArgumentException("destination has room for " + dest.remaining() + " floats, tensor \""
                    + name + "\" has " + info.elementCount());
        }
        // Positional reads through a small buffer rather than a mapping: bulk loads then do not keep the whole
        // file resident in this process (mapped pages count towards its RSS until the mapping is collected).
        ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        short[] scratch = null;
        for (long at = info.begin(); at < info.end(); at += READ_CHUNK_BYTES) {
            chunk.clear().limit((int) Math.min(READ_CHUNK_BYTES, info.end() - at));
            readFully(channel, chunk, dataStart + at);
            chunk.flip();
            switch (info.dtype()) {
                case F32 -> dest.put(chunk.asFloatBuffer());
                case F64 -> {
                    while (chunk.remaining() >= 8) {
                        dest.put((float) chunk.getDouble());
                    }
                }
                case BF16, F16 -> {
                    ShortBuffer halves = chunk.asShortBuffer();
                    if (scratch == null) {
                        scratch = new short[READ_CHUNK_BYTES / 2];
                    }
                    boolean bf16 = info.dtype() == DType.BF16;
                    int n = halves.remaining();
                    halves.get(scratch, 0, n);
                    for (int i = 0; i < n; i++) {
                        dest.put(bf16 ? Floats.bf16ToFloat(scratch[i]) : Floats.f16ToFloat(scratch[i]));
                    }
                }
                default -> throw new MalformedSafetensorsException(path, "cannot convert " + info.dtype());
            }
        }
    }

    /** Reads an integer tensor (I32 or I64) as longs. */
    public long[] readLongs(String name) throws IOException {
        TensorInfo info = tensor(name);
        if (info.dtype() != DType.I32 && info.dtype() != DType.I64) {
            throw new MalformedSafetensorsException(path, "tensor \"" + name + "\" is " + info.dtype()
                    + ", not I32 or I64");
        }
        ByteBuffer data = map(info.begin(), info.byteLength());
        long[] out = new long[Math.toIntExact(info.elementCount())];
        for (int i = 0; i < out.length; i++) {
            out[i] = info.dtype() == DType.I32 ? data.getInt() : data.getLong();
        }
        return out;
    }

    /** The raw little-endian bytes of a tensor (at most 2 GB). */
    public byte[] readBytes(String name) throws IOException {
        TensorInfo info = tensor(name);
        if (info.byteLength() > Integer.MAX_VALUE - 8) {
            throw new MalformedSafetensorsException(path, "tensor \"" + name + "\" is larger than 2 GB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) info.byteLength());
        readFully(channel, out, dataStart + info.begin());
        return out.array();
    }

    /**
     * The first NaN or infinite element of a floating-point tensor, or -1 when all are finite. Reads the file in
     * chunks (positional reads, not a mapping), so checking a large tensor does not leave it resident in this
     * process's memory.
     */
    public long firstNonFinite(String name) throws IOException {
        TensorInfo info = tensor(name);
        int element = info.dtype().byteSize();
        ByteBuffer chunk = ByteBuffer.allocate(Math.max(element, (4 << 20) / element * element));
        for (long done = 0; done < info.byteLength(); ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), info.byteLength() - done));
            readFully(channel, chunk, dataStart + info.begin() + done);
            chunk.flip();
            long found = Floats.firstNonFinite(chunk, info.dtype());
            if (found >= 0) {
                return done / element + found;
            }
            done += chunk.limit();
        }
        return -1;
    }

    /**
     * Maps a tensor's bytes read-only, little-endian, without copying (at most 2 GB). The mapping stays valid after
     * {@link #close()}; pages are read from disk only when touched.
     */
    public ByteBuffer mapTensor(String name) throws IOException {
        TensorInfo info = tensor(name);
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new MalformedSafetensorsException(path, "tensor \"" + name + "\" is larger than 2 GB");
        }
        return map(info.begin(), info.byteLength());
    }

    private ByteBuffer map(long offset, long length) throws IOException {
        if (length == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + offset, length);
        return mapped.order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
