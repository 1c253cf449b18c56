package dev.trinity.coordinator.svf;

/**
 * One SVF-adapted tensor: its Hugging Face name and shape, the slice of offsets it consumes, and its name and
 * shape in the reference's (Bumblebee/Axon) bundle.
 *
 * @param index 1-based position in the selection order
 * @param sourceName Hugging Face tensor name, e.g. {@code model.layers.26.mlp.gate_proj.weight}
 * @param rows PyTorch rows (out features)
 * @param cols PyTorch columns (in features)
 * @param offsetStart first offset of this tensor in the router vector
 * @param artifactKey Bumblebee parameter path, e.g. {@code decoder.blocks.26.ffn.gate.kernel}
 * @param transposedInBundle whether the bundle stores it transposed ({@code (in, out)}: every layer kernel)
 */
public record SvfEntry(int index, String sourceName, int rows, int cols, int offsetStart, String artifactKey,
                       boolean transposedInBundle) {

    /** Number of singular values, and of offsets: {@code min(rows, cols)}. */
    public int rank() {
        return Math.min(rows, cols);
    }

    /** End (exclusive) of this tensor's offsets. */
    public int offsetEnd() {
        return offsetStart + rank();
    }

    /** The shape as the bundle stores it (Axon orientation). */
    public long[] bundleShape() {
        return transposedInBundle ? new long[] {cols, rows} : new long[] {rows, cols};
    }

    /** The Bumblebee parameter segments: the layer path and the parameter name ({@code kernel}). */
    public String[] segments() {
        int dot = artifactKey.lastIndexOf('.');
        return new String[] {artifactKey.substring(0, dot), artifactKey.substring(dot + 1)};
    }

    /** The bundle file: {@code checkpoints/000N_<artifact key with unsafe characters as _>.safetensors}. */
    public String checkpointPath() {
        return String.format("checkpoints/%04d_%s.safetensors", index, artifactKey.replaceAll("[^0-9A-Za-z._-]", "_"));
    }

    /** Whether this is the tied LM head, which routing never reads. */
    public boolean isLmHead() {
        return sourceName.equals("lm_head.weight");
    }

    /** Whether this is the token embedding. */
    public boolean isEmbedding() {
        return sourceName.equals("model.embed_tokens.weight");
    }
}
