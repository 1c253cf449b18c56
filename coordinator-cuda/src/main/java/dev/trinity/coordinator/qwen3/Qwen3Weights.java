package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Everything the forward pass reads, owned by one model-lifetime manager.
 *
 * @param embedding (vocab, hidden), on the host
 * @param layers one entry per decoder layer
 * @param embeddingFactor (hidden, hidden) right factor applied to looked-up embedding rows, or null
 * @param finalNorm (hidden): model.norm
 */
public record Qwen3Weights(EmbeddingTable embedding, NDArray embeddingFactor, List<LayerWeights> layers,
                           NDArray finalNorm) {
    /** Copies the layer list. */
    public Qwen3Weights {
        layers = List.copyOf(layers);
    }
}
