package dev.trinity.coordinator.artifact;

import dev.trinity.coordinator.safetensors.DType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One adapted tensor read from a bundle, checked against its manifest entry.
 *
 * <p>The values are as stored: <b>Axon orientation</b>. Layer kernels ({@link SelectedTensor#isLayerKernel()}) are
 * {in, out}, the transpose of the PyTorch {out, in} weight, including the square k/v kernels; the embedding and the
 * LM head are {vocab, hidden} as in PyTorch. Patch checkpoint 0001 into the embedding and never patch the LM-head
 * entry into it (tied weights, spec §3.4).
 *
 * @param entry the manifest entry
 * @param file the file it was read from
 * @param dtype the stored dtype (BF16 in the reference bundles; values are converted to float)
 * @param shape the stored shape
 * @param values the values, row-major, as float32
 */
public record AdaptedTensor(SelectedTensor entry, Path file, DType dtype, long[] shape, float[] values) {

    /** Validates the fields. */
    public AdaptedTensor {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The values (not copied: they can be hundreds of MB; treat them as read-only). */
    @Override
    public float[] values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdaptedTensor t && entry.equals(t.entry) && file.equals(t.file) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entry, file, dtype, Arrays.hashCode(shape), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "AdaptedTensor[" + entry.artifactKey() + " " + dtype + " " + Arrays.toString(shape) + "]";
    }
}
