package dev.trinity.coordinator.route;

import dev.trinity.coordinator.safetensors.MalformedSafetensorsException;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A TRINITY router vector cut into its two parts: the SVF scale offsets, then the router head.
 *
 * <p>The vector is {@code [offsets..., head...]}; the head is the last {@code outputCount * hiddenSize} values,
 * row-major {@code {outputCount, hiddenSize}}, and everything before it is offsets. For Sakana's vector (19456
 * values, hidden 1024, 10 outputs) that is offsets {@code [0, 9216)} and head {@code [9216, 19456)}; for the tiny
 * fixture vector (1216 values, hidden 64) offsets {@code [0, 576)} and head {@code [576, 1216)}. The sizes come from
 * the data (the vector length and the model's hidden size), never from constants.
 *
 * @param offsets the SVF scale offsets, in the selected-tensor order
 * @param headWeights the head, row-major
 * @param outputCount head rows: agents + 3 roles
 * @param hiddenSize head columns
 */
public record RouterVectorSplit(float[] offsets, float[] headWeights, int outputCount, int hiddenSize) {

    /** The output count of Sakana's head: 7 agents + 3 roles. */
    public static final int SAKANA_OUTPUT_COUNT = 10;

    /** Validates and copies. */
    public RouterVectorSplit {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(headWeights, "headWeights");
        if ((long) outputCount * hiddenSize != headWeights.length) {
            throw new IllegalArgumentException("head of " + headWeights.length + " values is not {" + outputCount
                    + ", " + hiddenSize + "}");
        }
        for (int i = 0; i < offsets.length; i++) {
            if (!Float.isFinite(offsets[i])) {
                throw new IllegalArgumentException("SVF offset " + i + " is " + offsets[i]
                        + "; the router vector is corrupt");
            }
        }
        offsets = offsets.clone();
        headWeights = headWeights.clone();
    }

    /**
     * Splits a router vector.
     *
     * @param vector the whole vector
     * @param outputCount head rows (10 for Sakana's head)
     * @param hiddenSize the model's hidden size (1024 for Qwen3-0.6B)
     * @return the split
     * @throws IllegalArgumentException when the vector is shorter than the head
     */
    public static RouterVectorSplit split(float[] vector, int outputCount, int hiddenSize) {
        Objects.requireNonNull(vector, "vector");
        if (outputCount <= RouterHead.NUM_ROLES || hiddenSize < 1) {
            throw new IllegalArgumentException("invalid head shape [" + outputCount + ", " + hiddenSize + "]");
        }
        long headCount = (long) outputCount * hiddenSize;
        if (headCount > vector.length) {
            throw new IllegalArgumentException("router vector of " + vector.length + " values is shorter than a {"
                    + outputCount + ", " + hiddenSize + "} head (" + headCount + " values); is the hidden size right?");
        }
        int scaleCount = vector.length - (int) headCount;
        return new RouterVectorSplit(Arrays.copyOfRange(vector, 0, scaleCount),
                Arrays.copyOfRange(vector, scaleCount, vector.length), outputCount, hiddenSize);
    }

    /** The tensor key of a router vector file. */
    public static final String VECTOR_TENSOR_KEY = "trinity_router_es_vector";

    /**
     * Reads a router vector file ({@code trinity_router_es_vector.safetensors}: one 1-D float tensor named
     * {@value #VECTOR_TENSOR_KEY}, or a file whose only tensor is the vector) and splits it.
     *
     * @param vectorFile the safetensors file
     * @param outputCount head rows (10 for Sakana's head)
     * @param hiddenSize the model's hidden size
     * @return the split
     * @throws MalformedSafetensorsException naming the file when it holds no usable 1-D vector or is too short
     * @throws IOException when the file cannot be read
     */
    public static RouterVectorSplit read(Path vectorFile, int outputCount, int hiddenSize) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(vectorFile)) {
            List<TensorInfo> tensors = file.tensors();
            String key = file.contains(VECTOR_TENSOR_KEY) ? VECTOR_TENSOR_KEY
                    : tensors.size() == 1 ? tensors.get(0).name() : null;
            if (key == null) {
                throw new MalformedSafetensorsException(vectorFile, "no tensor \"" + VECTOR_TENSOR_KEY
                        + "\"; pass the router vector file (for example "
                        + "priv/sakana/trinity_router_es_vector.safetensors)");
            }
            TensorInfo info = file.tensor(key);
            if (info.shape().length != 1 || !info.dtype().isFloating()) {
                throw new MalformedSafetensorsException(vectorFile, "tensor \"" + key + "\" is " + info.dtype()
                        + " " + info.shapeText() + "; a router vector is a 1-D float tensor");
            }
            try {
                return split(file.readFloats(key), outputCount, hiddenSize);
            } catch (IllegalArgumentException e) {
                throw new MalformedSafetensorsException(vectorFile, e.getMessage());
            }
        }
    }

    /** The number of offsets ({@code split.scale_count} of a manifest). */
    public int scaleCount() {
        return offsets.length;
    }

    /** The number of head values ({@code split.head_count} of a manifest). */
    public int headCount() {
        return headWeights.length;
    }

    /** A copy of the offsets. */
    @Override
    public float[] offsets() {
        return offsets.clone();
    }

    /** A copy of the head weights. */
    @Override
    public float[] headWeights() {
        return headWeights.clone();
    }

    /**
     * The offsets of one selected tensor.
     *
     * @param start first offset index (a manifest's {@code offset_start})
     * @param end one past the last ({@code offset_end})
     * @return a copy of {@code offsets[start, end)}
     */
    public float[] offsets(int start, int end) {
        if (start < 0 || end > offsets.length || start > end) {
            throw new IllegalArgumentException("offset span [" + start + ", " + end + ") outside [0, "
                    + offsets.length + ")");
        }
        return Arrays.copyOfRange(offsets, start, end);
    }

    /** The router head built from the head part. */
    public RouterHead head() {
        return RouterHead.of(headWeights, outputCount, hiddenSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouterVectorSplit s && outputCount == s.outputCount && hiddenSize == s.hiddenSize
                && Arrays.equals(offsets, s.offsets) && Arrays.equals(headWeights, s.headWeights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(offsets), Arrays.hashCode(headWeights), outputCount, hiddenSize);
    }

    @Override
    public String toString() {
        return "RouterVectorSplit[offsets=" + offsets.length + ", head={" + outputCount + ", " + hiddenSize + "}]";
    }
}
