package dev.trinity.coordinator.adapted;

import dev.trinity.coordinator.artifact.AdaptedArtifact;
import dev.trinity.coordinator.artifact.SelectedTensor;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RouterVectorSplit;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.TensorInfo;
import dev.trinity.coordinator.svf.SvfEntry;
import dev.trinity.coordinator.svf.SvfSelection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a router (a router vector with its ES log, or an adapted bundle) and a Qwen3 model work together, read
 * from headers and manifests only (no weights loaded): the head's hidden size against the model's, the SVF layers
 * against the model's layers, the vector's length against what the model's shapes need, and every bundle
 * checkpoint's shape (the embedding's gives the vocabulary) against the model's.
 *
 * @param problems what does not fit, one sentence each; empty when the two work together
 * @param summary what was compared, for a fact line ({@code head [10, 64], hidden 64, SVF layers [2] of 0..3, ...})
 */
public record RouterFit(List<String> problems, String summary) {

    /** Copies the problems. */
    public RouterFit {
        problems = List.copyOf(problems);
    }

    /** Whether the router and the model work together. */
    public boolean fits() {
        return problems.isEmpty();
    }

    /** The problems as one sentence ({@code "a; b"}). */
    public String describe() {
        return String.join("; ", problems);
    }

    /**
     * Compares a router vector (and its ES log) with a model.
     *
     * @param config the model's config
     * @param vectorFile the router vector
     * @param log its ES log
     * @return the fit
     * @throws IOException when the vector's header cannot be read
     */
    public static RouterFit ofVector(Qwen3Config config, Path vectorFile, EsLog log) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Integer> layers = log.optLayerIndices();
        long length = vectorLength(vectorFile);
        int outputs = RouterVectorSplit.SAKANA_OUTPUT_COUNT;
        String layerRange = "0.." + (config.numHiddenLayers() - 1);
        if (!inside(layers, config)) {
            problems.add("the router's SVF layers " + layers + " (ES log " + log.file() + ") are not all inside the "
                    + "model's layers " + layerRange);
        } else {
            int offsets = SvfSelection.of(config, layers).offsetCount();
            long needed = offsets + (long) outputs * config.hiddenSize();
            if (length != needed) {
                problems.add("the router vector has " + length + " values, but this model needs " + offsets
                        + " SVF offsets + a {" + outputs + ", " + config.hiddenSize() + "} head = " + needed
                        + " (hidden_size " + config.hiddenSize() + ")");
            }
        }
        if (!log.agentLabels().isEmpty() && log.agentLabels().size() + RouterHead.NUM_ROLES != outputs) {
            problems.add("the ES log names " + log.agentLabels().size() + " agents, but the head has "
                    + (outputs - RouterHead.NUM_ROLES));
        }
        return new RouterFit(problems, "head [" + outputs + ", " + config.hiddenSize() + "], hidden "
                + config.hiddenSize() + ", SVF layers " + layers + " of " + layerRange + ", vector of " + length
                + " values");
    }

    /**
     * Compares an adapted bundle with a model.
     *
     * @param config the model's config
     * @param artifact the bundle (its manifest already validated)
     * @return the fit
     * @throws IOException when the router head cannot be read
     */
    public static RouterFit ofBundle(Qwen3Config config, AdaptedArtifact artifact) throws IOException {
        List<String> problems = new ArrayList<>();
        RouterHead head = artifact.loadRouterHead();
        if (head.hiddenSize() != config.hiddenSize()) {
            problems.add("the bundle's router head " + Arrays.toString(head.shape()) + " is for hidden size "
                    + head.hiddenSize() + ", but the model's hidden_size is " + config.hiddenSize());
        }
        List<Integer> layers = RouterAssembly.layersOf(artifact.selectedTensors());
        String layerRange = "0.." + (config.numHiddenLayers() - 1);
        if (!inside(layers, config)) {
            problems.add("the bundle adapts layers " + layers + ", but the model has layers " + layerRange);
        } else if (!artifact.selectedTensors().isEmpty()) {
            Map<String, SvfEntry> byKey = new LinkedHashMap<>();
            SvfSelection.of(config, layers).entries().forEach(e -> byKey.put(e.artifactKey(), e));
            for (SelectedTensor selected : artifact.selectedTensors()) {
                SvfEntry entry = byKey.get(selected.artifactKey());
                long[] shape = selected.shapeArray();
                if (entry == null) {
                    problems.add("the bundle adapts \"" + selected.artifactKey() + "\", which the model does not "
                            + "have");
                } else if (shape != null && !Arrays.equals(shape, entry.bundleShape())) {
                    problems.add(entry.isEmbedding() || entry.isLmHead()
                            ? "the bundle's " + selected.artifactKey() + " is " + Arrays.toString(shape)
                                    + " (vocabulary " + shape[0] + "), but the model's vocab_size is "
                                    + config.vocabSize() + " (hidden " + config.hiddenSize() + ")"
                            : "the bundle's " + selected.artifactKey() + " is " + Arrays.toString(shape)
                                    + ", but the model needs " + Arrays.toString(entry.bundleShape()));
                }
            }
        }
        return new RouterFit(problems, "head " + Arrays.toString(head.shape()) + ", hidden " + config.hiddenSize()
                + ", SVF layers " + layers + " of " + layerRange + ", " + artifact.selectedTensors().size()
                + " adapted tensors, vocab " + config.vocabSize());
    }

    private static boolean inside(List<Integer> layers, Qwen3Config config) {
        return layers.stream().allMatch(layer -> layer >= 0 && layer < config.numHiddenLayers());
    }

    private static long vectorLength(Path vectorFile) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(vectorFile)) {
            List<TensorInfo> tensors = file.tensors();
            TensorInfo info = file.contains(RouterVectorSplit.VECTOR_TENSOR_KEY)
                    ? file.tensor(RouterVectorSplit.VECTOR_TENSOR_KEY) : tensors.size() == 1 ? tensors.get(0) : null;
            if (info == null || info.shape().length != 1) {
                throw new IOException("router vector " + vectorFile + " holds no 1-D tensor \""
                        + RouterVectorSplit.VECTOR_TENSOR_KEY + "\"");
            }
            return info.elementCount();
        }
    }
}
