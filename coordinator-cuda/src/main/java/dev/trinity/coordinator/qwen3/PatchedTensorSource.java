package dev.trinity.coordinator.qwen3;

import dev.trinity.coordinator.safetensors.DType;
import dev.trinity.coordinator.safetensors.Floats;
import dev.trinity.coordinator.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A tensor source with some tensors replaced by float32 values in Hugging Face orientation: how SVF-adapted weights
 * (computed at load time, or read from a bundle) are patched into the base model before it is laid out on the
 * device. Replacements must have the base tensor's exact shape.
 */
public final class PatchedTensorSource implements TensorSource {

    private static final String EMBEDDING = "model.embed_tokens.weight";

    private final TensorSource base;
    private final Map<String, float[]> replacements;
    private final float[] embeddingFactor;
    private final TensorInfo embeddingInfo;
    private final ByteBuffer embeddingBytes;

    private PatchedTensorSource(TensorSource base, Map<String, float[]> replacements, float[] embeddingFactor,
                                TensorInfo embeddingInfo, ByteBuffer embeddingBytes) {
        this.base = base;
        this.replacements = replacements;
        this.embeddingFactor = embeddingFactor;
        this.embeddingInfo = embeddingInfo;
        this.embeddingBytes = embeddingBytes;
    }

    /**
     * This source with the token embedding replaced by stored bytes (for example a bundle's mapped BF16
     * checkpoint), used as they are: rows are converted only when looked up.
     *
     * @throws IOException when the shape differs from the base embedding's
     */
    public PatchedTensorSource withEmbedding(DType dtype, ByteBuffer bytes) throws IOException {
        TensorInfo baseInfo = base.info(EMBEDDING);
        long expected = baseInfo.elementCount() * dtype.byteSize();
        if (bytes.remaining() != expected) {
            throw new IOException("adapted embedding has " + bytes.remaining() + " bytes, the base model's "
                    + baseInfo.shapeText() + " of " + dtype + " needs " + expected);
        }
        TensorInfo info = new TensorInfo(EMBEDDING, dtype, baseInfo.shape(), 0, expected);
        return new PatchedTensorSource(base, replacements, embeddingFactor, info, bytes.slice());
    }

    /**
     * Overlays {@code replacements} (name to row-major float32 values) on {@code base}.
     *
     * @throws IOException naming a replacement the base does not have, or one of the wrong size
     */
    public static PatchedTensorSource of(TensorSource base, Map<String, float[]> replacements) throws IOException {
        return of(base, replacements, null);
    }

    /**
     * Overlays replacements and an embedding right factor ({@link TensorSource#embeddingFactor()}).
     *
     * @throws IOException naming a replacement the base does not have, or one of the wrong size
     */
    public static PatchedTensorSource of(TensorSource base, Map<String, float[]> replacements, float[] embeddingFactor)
            throws IOException {
        if (embeddingFactor != null) {
            long hidden = base.info("model.embed_tokens.weight").shape()[1];
            if (embeddingFactor.length != hidden * hidden) {
                throw new IOException("embedding factor has " + embeddingFactor.length + " values, the embedding "
                        + "needs " + hidden + "x" + hidden);
            }
        }
        for (Map.Entry<String, float[]> entry : replacements.entrySet()) {
            TensorInfo info = base.info(entry.getKey());
            if (info.elementCount() != entry.getValue().length) {
                throw new IOException("adapted tensor \"" + entry.getKey() + "\" has " + entry.getValue().length
                        + " values, but the base model's is " + info.shapeText());
            }
        }
        return new PatchedTensorSource(base, Collections.unmodifiableMap(new LinkedHashMap<>(replacements)),
                embeddingFactor, null, null);
    }

    /** The names that were replaced. */
    public Set<String> patched() {
        return replacements.keySet();
    }

    @Override
    public Set<String> names() {
        return base.names();
    }

    @Override
    public TensorInfo info(String name) throws IOException {
        if (embeddingInfo != null && name.equals(EMBEDDING)) {
            return embeddingInfo;
        }
        TensorInfo info = base.info(name);
        float[] values = replacements.get(name);
        return values == null ? info : new TensorInfo(name, DType.F32, info.shape(), 0, 4L * values.length);
    }

    @Override
    public void readFloats(String name, FloatBuffer dest) throws IOException {
        if (embeddingBytes != null && name.equals(EMBEDDING)) {
            ByteBuffer bytes = embeddingBytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining()) {
                dest.put(switch (embeddingInfo.dtype()) {
                    case BF16 -> Floats.bf16ToFloat(bytes.getShort());
                    case F16 -> Floats.f16ToFloat(bytes.getShort());
                    case F32 -> bytes.getFloat();
                    default -> throw new IOException("adapted embedding dtype " + embeddingInfo.dtype()
                            + " is not a float type");
                });
            }
            return;
        }
        float[] values = replacements.get(name);
        if (values == null) {
            base.readFloats(name, dest);
        } else {
            dest.put(values);
        }
    }

    @Override
    public ByteBuffer bytes(String name) throws IOException {
        if (embeddingBytes != null && name.equals(EMBEDDING)) {
            return embeddingBytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        float[] values = replacements.get(name);
        if (values == null) {
            return base.bytes(name);
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes;
    }

    @Override
    public float[] embeddingFactor() {
        return embeddingFactor;
    }

    @Override
    public String describe() {
        return base.describe() + " with adapted " + Arrays.toString(replacements.keySet().toArray());
    }

    @Override
    public void close() throws IOException {
        base.close();
    }
}
