package dev.trinity.coordinator.artifact;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One entry of a manifest's {@code selected_tensors}: an SVF-adapted tensor and where its checkpoint is.
 *
 * <p>Fields the runtime does not use ({@code component_keys}, {@code target_verified}, backend labels, timings) are
 * kept only where the reference names them; others are ignored when read.
 *
 * @param index 1-based position in the selection order
 * @param path the Bumblebee parameter path, for example {@code decoder.blocks.26.ffn.gate.kernel}
 * @param artifactKey the tensor key inside the checkpoint (= path)
 * @param segments the parameter-tree path, for example {@code ["decoder.blocks.26.ffn.gate", "kernel"]}
 * @param sourceName the Hugging Face name, for example {@code model.layers.26.mlp.gate_proj.weight} (importer only)
 * @param shape the stored shape, Axon orientation ({in, out} for layer kernels)
 * @param type the stored Nx type, for example {@code "{:bf, 16}"}
 * @param sourceType the Nx type of the base weight
 * @param status {@code complete}, {@code pending}, {@code running}, {@code failed} or {@code skipped}
 * @param offsetStart first router-vector offset used by this tensor
 * @param offsetEnd one past the last offset
 * @param singularValues the number of singular values (= offsets)
 * @param checkpointPath the checkpoint file, relative to the bundle
 * @param checkpointSha256 SHA-256 of the checkpoint file
 * @param error the export error, if any
 * @param componentKeys diagnostic
 * @param pythonVLayout diagnostic: {@code torch_v} or {@code vh}
 * @param targetVerified diagnostic
 * @param svdComputeType diagnostic: the Nx type the SVD ran in
 * @param checkpointType diagnostic: the Nx type of the checkpoint
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SelectedTensor(Integer index, String path, String artifactKey, List<String> segments, String sourceName,
                             List<Long> shape, String type, String sourceType, String status, Integer offsetStart,
                             Integer offsetEnd, Integer singularValues, String checkpointPath, String checkpointSha256,
                             JsonNode error, JsonNode componentKeys, String pythonVLayout, JsonNode targetVerified,
                             String svdComputeType, String checkpointType) {

    /** Reads JSON {@code null} in the free-form fields as Java null, so equal manifests compare equal. */
    public SelectedTensor {
        error = ArtifactManifest.nullToNull(error);
        componentKeys = ArtifactManifest.nullToNull(componentKeys);
        targetVerified = ArtifactManifest.nullToNull(targetVerified);
    }

    /**
     * A tensor an export is about to write: status {@code pending}, no checkpoint hash yet, BF16 checkpoints of an
     * SVD computed in float64 from the Gram matrix's eigenvectors (what this project's exporter does).
     *
     * @param index 1-based position in the selection order
     * @param path the Bumblebee parameter path (also the tensor key)
     * @param segments the parameter-tree path
     * @param sourceName the Hugging Face name
     * @param shape the stored shape
     * @param sourceType the Nx type of the base weight
     * @param offsetStart first router-vector offset used
     * @param offsetEnd one past the last offset
     * @param checkpointPath the checkpoint file, relative to the bundle
     * @return the entry
     */
    public static SelectedTensor pending(int index, String path, List<String> segments, String sourceName,
                                         List<Long> shape, String sourceType, int offsetStart, int offsetEnd,
                                         String checkpointPath) {
        return new SelectedTensor(index, path, path, List.copyOf(segments), sourceName, List.copyOf(shape),
                "{:bf, 16}", sourceType, "pending", offsetStart, offsetEnd, offsetEnd - offsetStart, checkpointPath,
                null, null, null, "gram_eigenvectors", null, "{:f, 64}", "{:bf, 16}");
    }

    /**
     * This entry with its checkpoint written.
     *
     * @param sha256 the checkpoint file's SHA-256
     * @return the entry, status {@code complete}
     */
    public SelectedTensor completed(String sha256) {
        return new SelectedTensor(index, path, artifactKey, segments, sourceName, shape, type, sourceType, "complete",
                offsetStart, offsetEnd, singularValues, checkpointPath, sha256, error, componentKeys, pythonVLayout,
                targetVerified, svdComputeType, checkpointType);
    }

    /** The shape as a {@code long[]}, or null when absent. */
    public long[] shapeArray() {
        if (shape == null) {
            return null;
        }
        long[] out = new long[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape.get(i);
        }
        return out;
    }

    /** Whether this is a transformer-layer kernel (stored transposed, {in, out}) rather than the embedding/LM head. */
    public boolean isLayerKernel() {
        return path != null && path.startsWith("decoder.blocks.");
    }

    /** The checkpoint file name the reference derives from the index and path ({@code checkpoints/000N_<path>}). */
    public String canonicalCheckpointPath() {
        return String.format("checkpoints/%04d_%s.safetensors", index == null ? 0 : index,
                (path == null ? "" : path).replaceAll("[^0-9A-Za-z._-]", "_"));
    }
}
