package dev.trinity.coordinator.adapted;

import dev.trinity.coordinator.artifact.AdaptedArtifact;
import dev.trinity.coordinator.artifact.AdaptedTensor;
import dev.trinity.coordinator.artifact.SelectedTensor;
import dev.trinity.coordinator.qwen3.PatchedTensorSource;
import dev.trinity.coordinator.qwen3.Qwen3Checkpoint;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Extractor;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.qwen3.TensorSource;
import dev.trinity.coordinator.route.AgentSlots;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RouterVectorSplit;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.svf.SvfEntry;
import dev.trinity.coordinator.svf.SvfPatches;
import dev.trinity.coordinator.svf.SvfSelection;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles the TRINITY router ({@link RouterLoader} decides what, this does it): the base Qwen3 model, Sakana's
 * SVF-adapted tensors patched in, and the router head.
 *
 * <p>Two sources: an adapted bundle in the reference's format (checkpoints of W', already adapted), or the router
 * vector itself, whose offsets are applied to the base weights at load time ({@link SvfPatches}). Either way the
 * embedding takes entry 1 and the tied LM head entry (9) is never patched into it: routing reads no LM head.
 */
final class RouterAssembly {

    private static final Pattern LAYER = Pattern.compile("^decoder\\.blocks\\.(\\d+)\\.");

    private RouterAssembly() {
    }

    /**
     * Loads a router from an adapted bundle: validates the manifest, the head (sha256, key, shape) and every
     * checkpoint (status, sha256, dtype, shape), transposes layer kernels back to Hugging Face orientation, patches.
     *
     * @throws IOException naming the file that is missing or wrong and the fix
     */
    static LoadedRouter fromBundle(Path modelDir, Path bundleDir, Qwen3Options options, RoutingOptions routing,
                                   Consumer<String> progress) throws IOException {
        AdaptedArtifact artifact = AdaptedArtifact.load(bundleDir);
        RouterHead head = artifact.loadRouterHead();
        Qwen3Config config = Qwen3Config.read(modelDir.resolve("config.json"));
        checkHidden(head, config, "bundle " + bundleDir);
        head.checkDeclaredShape(artifact.manifest().declaredHeadShape());
        Map<String, SvfEntry> byKey = new LinkedHashMap<>();
        for (SvfEntry entry : SvfSelection.of(config, layersOf(artifact.selectedTensors())).entries()) {
            byKey.put(entry.artifactKey(), entry);
        }
        Map<String, float[]> patches = new LinkedHashMap<>();
        AdaptedArtifact.MappedTensor embedding = null;
        for (SelectedTensor selected : artifact.selectedTensors()) {
            SvfEntry entry = byKey.get(selected.artifactKey());
            if (entry == null) {
                throw new IOException("bundle " + bundleDir + " adapts \"" + selected.artifactKey() + "\", which the "
                        + "Qwen3 model in " + modelDir + " does not have; the bundle and the model do not match");
            }
            if (entry.isLmHead()) {
                continue; // only LM logits read it; the embedding takes entry 1 (the reference's Elixir behaviour)
            }
            progress.accept("verifying and reading " + selected.checkpointPath());
            if (entry.isEmbedding()) {
                // Vocabulary-sized: mapped and used as stored; rows are converted when looked up.
                embedding = artifact.mapAdaptedTensor(selected, true);
                continue;
            }
            AdaptedTensor tensor = artifact.loadAdaptedTensor(selected, true);
            float[] values = entry.transposedInBundle()
                    ? transpose(tensor.values(), entry.cols(), entry.rows()) : tensor.values();
            patches.put(entry.sourceName(), values);
        }
        Qwen3Extractor extractor = loadPatched(modelDir, config, patches, null, embedding, options);
        AgentSlots slots = new AgentSlots(padLabels(artifact.manifest().agentLabels(), head.numAgents()));
        return new LoadedRouter(extractor, head, artifact.identity(), slots, "bundle " + bundleDir, routing);
    }

    /**
     * Loads a router from a router vector (SVF offsets then the head) and its ES log, adapting the base weights at
     * load time; with {@code adapt == false} the offsets are ignored (the unadapted model, for comparisons).
     *
     * @param esLog the ES run's log (layers and labels), or null to find it beside the vector
     * @throws IOException naming what is missing or inconsistent
     */
    static LoadedRouter fromRouterVector(Path modelDir, Path vectorFile, Path esLog, boolean adapt,
                                         Qwen3Options options, RoutingOptions routing, Consumer<String> progress)
            throws IOException {
        EsLog log = EsLog.read(esLog != null ? esLog : EsLog.besideVector(vectorFile));
        Qwen3Config config = Qwen3Config.read(modelDir.resolve("config.json"));
        SvfSelection selection = SvfSelection.of(config, log.optLayerIndices());
        RouterVectorSplit split = readSplit(vectorFile, config, selection);
        String what = "router vector " + vectorFile + (adapt ? " (SVF at load time, layers " + log.optLayerIndices()
                + ")" : " (head only, base weights)");
        return fromSplit(modelDir, config, selection, split, log, adapt, options, routing, progress, what);
    }

    /**
     * Loads a router from a router vector held in memory (training re-patches the model with each candidate's
     * offsets this way), adapting the base weights at load time exactly as {@link #fromRouterVector} does.
     *
     * @param vector SVF offsets then the {@code {10, hidden}} head
     * @param log the ES log that names the vector's SVF layers and agent labels
     * @throws IOException naming what is missing or inconsistent
     */
    static LoadedRouter fromVector(Path modelDir, float[] vector, EsLog log, Qwen3Options options,
                                   Consumer<String> progress) throws IOException {
        Qwen3Config config = Qwen3Config.read(modelDir.resolve("config.json"));
        SvfSelection selection = SvfSelection.of(config, log.optLayerIndices());
        RouterVectorSplit split = RouterVectorSplit.split(vector, RouterVectorSplit.SAKANA_OUTPUT_COUNT,
                config.hiddenSize());
        if (split.scaleCount() != selection.offsetCount()) {
            throw new IOException("a router vector of " + vector.length + " values has " + split.scaleCount()
                    + " SVF offsets, but layers " + log.optLayerIndices() + " of the model need "
                    + selection.offsetCount());
        }
        return fromSplit(modelDir, config, selection, split, log, true, options, RoutingOptions.defaults(), progress,
                "router vector in memory (SVF at load time, layers " + log.optLayerIndices() + ")");
    }

    private static LoadedRouter fromSplit(Path modelDir, Qwen3Config config, SvfSelection selection,
                                          RouterVectorSplit split, EsLog log, boolean adapt, Qwen3Options options,
                                          RoutingOptions routing, Consumer<String> progress, String what)
            throws IOException {
        RouterHead head = split.head();
        SvfPatches.Routing patches = new SvfPatches.Routing(Map.of(), null);
        if (adapt) {
            try (Qwen3Checkpoint base = Qwen3Checkpoint.open(modelDir)) {
                long start = System.nanoTime();
                List<SvfEntry> routed = selection.entries().stream().filter(e -> !e.isLmHead()).toList();
                AtomicInteger done = new AtomicInteger();
                patches = SvfPatches.forRouting(base, selection, split.offsets(), entry -> progress.accept(String.format(
                        "SVF %d/%d %s (%.1f s)", done.incrementAndGet(), routed.size(), entry.sourceName(),
                        (System.nanoTime() - start) / 1e9)));
            }
        }
        Qwen3Extractor extractor = loadPatched(modelDir, config, patches.layerTensors(), patches.embeddingFactor(),
                null, options);
        AgentSlots slots = new AgentSlots(padLabels(log.agentLabels(), head.numAgents()));
        return new LoadedRouter(extractor, head, null, slots, what, routing);
    }

    private static RouterVectorSplit readSplit(Path vectorFile, Qwen3Config config, SvfSelection selection)
            throws IOException {
        RouterVectorSplit split = RouterVectorSplit.read(vectorFile, RouterVectorSplit.SAKANA_OUTPUT_COUNT,
                config.hiddenSize());
        if (split.scaleCount() != selection.offsetCount()) {
            throw new IOException("router vector " + vectorFile + " has " + split.scaleCount() + " SVF offsets, but "
                    + "its ES log's layers select " + selection.entries().size() + " tensors needing "
                    + selection.offsetCount() + "; the vector, its ES log and the model do not match");
        }
        return split;
    }

    private static Qwen3Extractor loadPatched(Path modelDir, Qwen3Config config, Map<String, float[]> patches,
                                              float[] embeddingFactor, AdaptedArtifact.MappedTensor embedding,
                                              Qwen3Options options) throws IOException {
        QwenTokenizer tokenizer = QwenTokenizer.load(modelDir);
        try (PatchedTensorSource patched = PatchedTensorSource.of(Qwen3Checkpoint.open(modelDir), patches,
                embeddingFactor);
             TensorSource source = embedding == null ? patched
                     : patched.withEmbedding(embedding.info().dtype(), embedding.bytes())) {
            return new Qwen3Extractor(Qwen3Model.load(config, source, options), tokenizer);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** The SVF layers of a bundle, from its layer kernels' paths ({@code decoder.blocks.N.}). */
    static List<Integer> layersOf(List<SelectedTensor> tensors) {
        TreeSet<Integer> layers = new TreeSet<>();
        for (SelectedTensor tensor : tensors) {
            Matcher matcher = LAYER.matcher(tensor.artifactKey());
            if (matcher.find()) {
                layers.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return List.copyOf(layers);
    }

    private static void checkHidden(RouterHead head, Qwen3Config config, String source) throws IOException {
        if (head.hiddenSize() != config.hiddenSize()) {
            throw new IOException(source + " has a router head for hidden size " + head.hiddenSize() + ", but the "
                    + "model's hidden_size is " + config.hiddenSize() + "; use the model the artifact was built for");
        }
    }

    private static List<String> padLabels(List<String> labels, int agents) {
        List<String> out = new ArrayList<>(labels == null ? List.of() : labels);
        while (out.size() < agents) {
            out.add("slot " + out.size());
        }
        return List.copyOf(out.subList(0, agents));
    }

    /** (rows, cols) row-major to (cols, rows). */
    static float[] transpose(float[] values, int rows, int cols) {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return out;
    }
}
