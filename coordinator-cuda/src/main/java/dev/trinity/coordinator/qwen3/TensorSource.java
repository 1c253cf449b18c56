package dev.trinity.coordinator.qwen3;

import dev.trinity.coordinator.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Set;

/**
 * Named weight tensors by their Hugging Face names: a checkpoint on disk, random weights for benchmarks, or a
 * checkpoint with some tensors replaced (the SVF-adapted ones).
 */
public interface TensorSource extends AutoCloseable {

    /** The names of all tensors. */
    Set<String> names();

    /**
     * The header entry of a tensor.
     *
     * @throws IOException naming the tensor when it is missing
     */
    TensorInfo info(String name) throws IOException;

    /** Reads a floating-point tensor as float32 into {@code dest}. */
    void readFloats(String name, FloatBuffer dest) throws IOException;

    /** The tensor's raw little-endian bytes, mapped or in memory, without conversion. */
    ByteBuffer bytes(String name) throws IOException;

    /**
     * A right factor {@code F} (hidden, hidden) for the token embedding, or null: the model then embeds with
     * {@code E F}, computing only the looked-up rows (how SVF adapts the embedding at load time).
     */
    default float[] embeddingFactor() {
        return null;
    }

    /** A description for error messages, such as the folder the tensors come from. */
    String describe();

    @Override
    void close() throws IOException;
}
