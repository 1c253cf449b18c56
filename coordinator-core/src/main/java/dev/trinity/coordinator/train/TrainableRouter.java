package dev.trinity.coordinator.train;

import dev.trinity.coordinator.route.HiddenStateExtractor;
import java.io.IOException;
import java.util.List;

/**
 * The model as the trainer sees it: a router vector (SVF offsets then the {@code {outputCount, hiddenSize}} head),
 * the extractor adapted with its offsets, and a way to adapt the model with other offsets (head+svf training).
 * The CUDA module implements it on Qwen3; tests use fakes.
 */
public interface TrainableRouter extends AutoCloseable {

    /** The starting router vector: the SVF offsets, then the head row-major (a copy). */
    float[] routerVector();

    /** Head rows: agents + 3 roles. */
    int outputCount();

    /** Head columns: the model's hidden size. */
    int hiddenSize();

    /** The number of SVF offsets at the start of the vector. */
    default int scaleCount() {
        return routerVector().length - outputCount() * hiddenSize();
    }

    /** The extractor of the model adapted with the starting vector's offsets (owned by this object). */
    HiddenStateExtractor extractor();

    /**
     * A new extractor of the model adapted with other SVF offsets, through the load-time SVF path.
     *
     * @param offsets {@link #scaleCount()} offsets
     * @return the extractor; the caller closes it
     * @throws IOException when the model cannot be read
     */
    HiddenStateExtractor adapted(float[] offsets) throws IOException;

    /**
     * The identity of what produces the hidden states: SHA-256 over the model weights' hashes, the SVF layers and
     * offsets, the device kind and dtype. The hidden-state cache is keyed by it.
     */
    String stateKey();

    /** The SVF layers the offsets adapt (the ES log's {@code opt_layer_indices}). */
    List<Integer> svfLayers();

    /** The agent slot labels (the ES log's {@code llm_names}). */
    List<String> agentLabels();

    /** Where the router came from, for output. */
    String describe();

    /** Frees the model. */
    @Override
    void close();
}
