package dev.trinity.coordinator.qwen3;

import dev.trinity.coordinator.safetensors.DType;
import dev.trinity.coordinator.safetensors.Floats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The token embedding kept on the host in its stored form (BF16, F16 or F32; memory-mapped when it comes from a
 * file), so only the looked-up rows are ever converted or paged in. Row lookups are exact: BF16 rows become the
 * same float32 values Hugging Face's upcast gives.
 */
public final class EmbeddingTable {

    private final ByteBuffer data; // (vocab, hidden) of dtype, little-endian
    private final DType dtype;
    private final int vocabSize;
    private final int hiddenSize;

    /**
     * Wraps row-major embedding bytes.
     *
     * @throws IllegalArgumentException if the dtype is not a float type or the size does not match
     */
    public EmbeddingTable(ByteBuffer data, DType dtype, int vocabSize, int hiddenSize) {
        if (dtype != DType.BF16 && dtype != DType.F16 && dtype != DType.F32) {
            throw new IllegalArgumentException("embedding dtype " + dtype + " is not supported (BF16, F16 or F32)");
        }
        long expected = (long) vocabSize * hiddenSize * dtype.byteSize();
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("embedding has " + data.remaining() + " bytes, expected " + expected);
        }
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.dtype = dtype;
        this.vocabSize = vocabSize;
        this.hiddenSize = hiddenSize;
    }

    /** Rows of the table. */
    public int vocabSize() {
        return vocabSize;
    }

    /** Width of a row. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** Stored element type. */
    public DType dtype() {
        return dtype;
    }

    /**
     * Looks up rows: {@code out[i * hidden + j] = E[ids[i], j]}.
     *
     * @throws IllegalArgumentException naming the first id outside {@code [0, vocab)}
     */
    public float[] lookup(int[] ids, int count) {
        float[] out = new float[count * hiddenSize];
        lookup(ids, 0, count, out, 0);
        return out;
    }

    /**
     * Writes the rows of {@code ids[from..to)} into {@code out} from {@code offset} on, row after row.
     *
     * @throws IllegalArgumentException naming the first id outside {@code [0, vocab)}
     */
    public void lookup(int[] ids, int from, int to, float[] out, int offset) {
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("token id " + id + " at position " + i + " is outside the "
                        + "vocabulary [0, " + vocabSize + ")");
            }
            long rowStart = (long) id * hiddenSize * dtype.byteSize();
            int row = offset + (i - from) * hiddenSize;
            for (int j = 0; j < hiddenSize; j++) {
                int at = (int) (rowStart + (long) j * dtype.byteSize());
                out[row + j] = switch (dtype) {
                    case BF16 -> Floats.bf16ToFloat(data.getShort(at));
                    case F16 -> Floats.f16ToFloat(data.getShort(at));
                    default -> data.getFloat(at);
                };
            }
        }
    }
}
