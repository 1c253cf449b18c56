package dev.trinity.coordinator.artifact;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trinity.coordinator.json.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code manifest.json} of an adapted-artifact bundle (spec §4.2), every field the reference defines.
 *
 * <p>Read it with {@link #read(Path)}, which checks the required keys; identify it by the SHA-256 of the file
 * bytes, never of a re-serialization. {@link #toJson()} writes compact JSON with sorted keys, as the reference's
 * fixtures are written.
 *
 * @param artifactVersion must be 1
 * @param status {@code complete} (others: partial, failed, pending, dry_run)
 * @param exportComplete must be true
 * @param partialDebugOnly must not be true
 * @param artifactLayout {@code checkpoint_directory} (default) or {@code single_file}
 * @param baseModelRepo for example {@code Qwen/Qwen3-0.6B}
 * @param bumblebeeModule for example {@code Bumblebee.Text.Qwen3}
 * @param architecture for example {@code for_causal_language_modeling}
 * @param xlaTarget the reference's XLA target, for example {@code cuda12}
 * @param exportBackend what wrote the bundle
 * @param importer the importer module (importer bundles)
 * @param pythonManifestPath the Python manifest used (importer bundles)
 * @param referenceManifestPath the Sakana reference manifest used
 * @param pythonReferenceManifestLoaded whether it was loaded
 * @param sourceVectorPath the router vector the export consumed
 * @param sourceVectorTensor its tensor key or component name
 * @param sourceVectorShape its shape, for example [19456]
 * @param sourceVectorSha256 the SHA-256 of the vector file
 * @param scaleOffsetCount the number of SVF offsets (9216)
 * @param selectedTensorCount the number of adapted tensors (9)
 * @param selectedSingularValueCount the number of singular values adapted (9216)
 * @param selectedTensors the adapted tensors in selection order
 * @param routerHeadArtifact the head file, {@code router_head.safetensors}
 * @param routerHeadShape {@code [outputCount, hidden]}, for example [10, 1024]
 * @param routerHeadTensorKey {@code trinity_router_head}
 * @param routerHeadSha256 SHA-256 of the head file; null or empty skips the check
 * @param adaptedTensorsArtifact the single-file layout's file
 * @param adaptedTensorsSha256 its SHA-256 (single_file only)
 * @param sourceSplit {scale_count, hidden_size, output_count}
 * @param split {scale_count, head_count}
 * @param createdAt ISO-8601
 * @param updatedAt ISO-8601
 * @param pythonSemanticManifest the routing metadata of the Python export
 * @param exportSpec exporter only
 * @param onlyIndex exporter only
 * @param skipExisting exporter only
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArtifactManifest(Integer artifactVersion, String status, Boolean exportComplete, Boolean partialDebugOnly,
                               String artifactLayout, String baseModelRepo, String bumblebeeModule,
                               String architecture, String xlaTarget, String exportBackend, String importer,
                               String pythonManifestPath, String referenceManifestPath,
                               Boolean pythonReferenceManifestLoaded, String sourceVectorPath,
                               String sourceVectorTensor, List<Long> sourceVectorShape, String sourceVectorSha256,
                               Integer scaleOffsetCount, Integer selectedTensorCount,
                               Integer selectedSingularValueCount, List<SelectedTensor> selectedTensors,
                               String routerHeadArtifact, List<Integer> routerHeadShape, String routerHeadTensorKey,
                               String routerHeadSha256, String adaptedTensorsArtifact, String adaptedTensorsSha256,
                               SourceSplit sourceSplit, Split split, String createdAt, String updatedAt,
                               PythonSemanticManifest pythonSemanticManifest, JsonNode exportSpec,
                               JsonNode onlyIndex, Boolean skipExisting) {

    /** Reads JSON {@code null} in the free-form fields as Java null, so equal manifests compare equal. */
    public ArtifactManifest {
        exportSpec = nullToNull(exportSpec);
        onlyIndex = nullToNull(onlyIndex);
    }

    /** The keys that must be present and non-null (spec §4.2), in the reference's order. */
    public static final List<String> REQUIRED_KEYS = List.of("artifact_version", "status", "selected_tensors",
            "adapted_tensors_artifact", "router_head_artifact", "router_head_shape", "artifact_layout",
            "selected_tensor_count", "selected_singular_value_count", "source_vector_shape", "source_vector_sha256",
            "scale_offset_count", "router_head_tensor_key", "base_model_repo", "bumblebee_module", "architecture",
            "xla_target", "export_backend", "source_vector_path", "source_vector_tensor", "export_complete",
            "source_split", "split");

    /** The file name of a bundle's manifest. */
    public static final String FILE_NAME = "manifest.json";
    /** The router head's file in a bundle this project writes. */
    public static final String ROUTER_HEAD_FILE = "router_head.safetensors";
    /** The router head's tensor key in that file. */
    public static final String ROUTER_HEAD_KEY = "trinity_router_head";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * {@code source_split} of a manifest.
     *
     * @param scaleCount offsets in the router vector
     * @param hiddenSize head columns
     * @param outputCount head rows
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SourceSplit(Integer scaleCount, Integer hiddenSize, Integer outputCount) {
    }

    /**
     * {@code split} of a manifest.
     *
     * @param scaleCount offsets in the router vector
     * @param headCount head values in the router vector
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Split(Integer scaleCount, Integer headCount) {
    }

    /**
     * {@code python_semantic_manifest}: the routing metadata of Sakana's Python export.
     *
     * @param format for example {@code trinity_sakana_safetensors_export}
     * @param version the format version (number or text)
     * @param model the base model facts
     * @param routing the head facts
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PythonSemanticManifest(String format, JsonNode version, Model model, Routing routing) {

        /** Reads JSON {@code null} as Java null. */
        public PythonSemanticManifest {
            version = nullToNull(version);
        }

        /**
         * Base model facts.
         *
         * @param hiddenSize the hidden size
         * @param optLayerIndices the SVF layers, for example [26]
         */
        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Model(Integer hiddenSize, List<Integer> optLayerIndices) {
        }

        /**
         * Head facts.
         *
         * @param agentLabels slot labels
         * @param roleLabels raw role names (solver, thinker, verifier)
         * @param outputCount head rows
         * @param headType {@code linear}
         * @param headTensor the head tensor key
         * @param headShape {@code [outputCount, hidden]}
         * @param headOffsetStart where the head starts in the router vector
         * @param headOffsetEnd where it ends
         */
        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Routing(List<String> agentLabels, List<String> roleLabels, Integer outputCount,
                              String headType, String headTensor, List<Integer> headShape, Integer headOffsetStart,
                              Integer headOffsetEnd) {
        }
    }

    /**
     * Reads and checks a manifest file: valid JSON, every required key present and non-null, and
     * {@code selected_tensors} a list.
     *
     * @param file the manifest
     * @return the manifest
     * @throws MalformedArtifactException naming the file and the missing key or parse error
     * @throws IOException when the file cannot be read
     */
    public static ArtifactManifest read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MalformedArtifactException(file, "manifest \"" + file + "\" is missing. The bundle is "
                    + "incomplete; fetch it again with 'coordinator artifact fetch'", e);
        }
        return parse(bytes, file);
    }

    /**
     * Parses and checks manifest bytes.
     *
     * @param bytes the file contents
     * @param file where they came from, for messages
     * @return the manifest
     * @throws MalformedArtifactException naming the file and the problem
     */
    public static ArtifactManifest parse(byte[] bytes, Path file) throws MalformedArtifactException {
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new MalformedArtifactException(file, "manifest \"" + file + "\" is not valid JSON ("
                    + JsonFiles.describe(e) + "). Replace it with the bundle's original manifest.json", e);
        } catch (IOException e) {
            throw new MalformedArtifactException(file, "manifest \"" + file + "\" cannot be parsed: "
                    + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedArtifactException(file, "manifest \"" + file + "\" is not a JSON object. Replace it "
                    + "with the bundle's original manifest.json");
        }
        for (String key : REQUIRED_KEYS) {
            JsonNode value = tree.get(key);
            if (value == null || value.isNull()) {
                throw new MalformedArtifactException(file, "manifest \"" + file + "\" is missing required key \"" + key
                        + "\". Use a complete manifest.json from a finished export or fetch the bundle again");
            }
        }
        if (!tree.get("selected_tensors").isArray()) {
            throw new MalformedArtifactException(file, "manifest \"" + file + "\": selected_tensors must be a list");
        }
        try {
            return JSON.treeToValue(tree, ArtifactManifest.class);
        } catch (JsonProcessingException e) {
            throw new MalformedArtifactException(file, "manifest \"" + file + "\" has a field of the wrong type ("
                    + JsonFiles.describe(e) + "). Replace it with the bundle's original manifest.json", e);
        }
    }

    /**
     * Checks that the manifest describes a finished bundle (spec §4.3 step 1).
     *
     * @param file the manifest, for messages
     * @throws MalformedArtifactException "artifact is partial_debug_only", "unsupported artifact version N",
     *     {@code manifest status "<s>" is incomplete} or "manifest export_complete=false", with the file and fix
     */
    public void checkComplete(Path file) throws MalformedArtifactException {
        String where = "manifest \"" + file + "\": ";
        if (Boolean.TRUE.equals(partialDebugOnly)) {
            throw new MalformedArtifactException(file, where + "artifact is partial_debug_only. Use a complete "
                    + "bundle (coordinator artifact fetch) instead of a debug export");
        }
        if (artifactVersion == null || artifactVersion != 1) {
            throw new MalformedArtifactException(file, where + "unsupported artifact version " + artifactVersion
                    + ". This coordinator reads version 1 bundles; fetch the pinned bundle");
        }
        if (!"complete".equals(status)) {
            throw new MalformedArtifactException(file, where + "manifest status \"" + status + "\" is incomplete. "
                    + "Finish the export or fetch the pinned bundle");
        }
        if (!Boolean.TRUE.equals(exportComplete)) {
            throw new MalformedArtifactException(file, where + "manifest export_complete=false. Finish the export "
                    + "or fetch the pinned bundle");
        }
    }

    /**
     * The bundle layout.
     *
     * @throws IllegalArgumentException for an unknown {@code artifact_layout}
     */
    public ArtifactLayout layout() {
        return ArtifactLayout.parse(artifactLayout);
    }

    /** {@code router_head_shape}, or {@code python_semantic_manifest.routing.head_shape} when that is missing. */
    public List<Integer> declaredHeadShape() {
        if (routerHeadShape != null) {
            return routerHeadShape;
        }
        if (pythonSemanticManifest != null && pythonSemanticManifest.routing() != null) {
            return pythonSemanticManifest.routing().headShape();
        }
        return null;
    }

    /** The agent slot labels of {@code python_semantic_manifest.routing.agent_labels}, or an empty list. */
    public List<String> agentLabels() {
        if (pythonSemanticManifest != null && pythonSemanticManifest.routing() != null
                && pythonSemanticManifest.routing().agentLabels() != null) {
            return pythonSemanticManifest.routing().agentLabels();
        }
        return List.of();
    }

    /**
     * The manifest of an export that is about to start (status {@code partial}, nothing written yet), in the
     * reference's format: a checkpoint directory of BF16 tensors and a float32 head, with Sakana's routing metadata.
     *
     * @param exportSpec what the weights are computed from (the exporter's own record, compared on resume)
     * @param baseModelRepo the base model, for example {@code Qwen/Qwen3-0.6B}
     * @param vectorPath the router vector file
     * @param vectorSha256 its SHA-256
     * @param vectorLength its number of values
     * @param hidden the model's hidden size
     * @param outputCount the head's rows (agents, then roles)
     * @param layers the SVF layers
     * @param agentLabels the agent slot labels
     * @param tensors the tensors to write, pending
     * @param now the time, ISO-8601
     * @return the manifest
     */
    public static ArtifactManifest pendingExport(JsonNode exportSpec, String baseModelRepo, String vectorPath,
                                                 String vectorSha256, int vectorLength, int hidden, int outputCount,
                                                 List<Integer> layers, List<String> agentLabels,
                                                 List<SelectedTensor> tensors, String now) {
        int offsets = tensors.stream().mapToInt(SelectedTensor::singularValues).sum();
        int headValues = outputCount * hidden;
        PythonSemanticManifest semantic = new PythonSemanticManifest("trinity_sakana_safetensors_export",
                JSON.getNodeFactory().numberNode(1), new PythonSemanticManifest.Model(hidden, List.copyOf(layers)),
                new PythonSemanticManifest.Routing(List.copyOf(agentLabels), List.of("solver", "thinker", "verifier"),
                        outputCount, "linear", "trinity.router_head.linear.weight", List.of(outputCount, hidden),
                        offsets, offsets + headValues));
        return new ArtifactManifest(1, "partial", false, false, "checkpoint_directory", baseModelRepo,
                "Bumblebee.Text.Qwen3", "for_causal_language_modeling", "cpu", "java_djl_gram_f64", null, null,
                null, null, vectorPath, "trinity_router_es_vector", List.of((long) vectorLength), vectorSha256,
                offsets, tensors.size(), offsets, List.copyOf(tensors), ROUTER_HEAD_FILE,
                List.of(outputCount, hidden), ROUTER_HEAD_KEY, null, "adapted_tensors.safetensors", null,
                new SourceSplit(offsets, hidden, outputCount), new Split(offsets, headValues), now, now, semantic,
                exportSpec, null, null);
    }

    /**
     * This manifest with the router head written.
     *
     * @param sha256 the head file's SHA-256
     * @return the manifest
     */
    public ArtifactManifest withRouterHeadSha256(String sha256) {
        return copy(status, exportComplete, selectedTensors, sha256, updatedAt);
    }

    /**
     * This manifest with one tensor's checkpoint written.
     *
     * @param index the tensor's {@code index}
     * @param sha256 the checkpoint file's SHA-256
     * @param now the time, ISO-8601
     * @return the manifest
     */
    public ArtifactManifest withCheckpoint(int index, String sha256, String now) {
        List<SelectedTensor> tensors = new ArrayList<>(selectedTensors.size());
        for (SelectedTensor tensor : selectedTensors) {
            tensors.add(tensor.index() != null && tensor.index() == index ? tensor.completed(sha256) : tensor);
        }
        return copy(status, exportComplete, tensors, routerHeadSha256, now);
    }

    /**
     * This manifest marked complete (status {@code complete}, {@code export_complete} true).
     *
     * @param now the time, ISO-8601
     * @return the manifest
     */
    public ArtifactManifest completed(String now) {
        return copy("complete", true, selectedTensors, routerHeadSha256, now);
    }

    /** Whether the status is {@code complete} and {@code export_complete} is true. */
    public boolean isComplete() {
        return "complete".equals(status) && Boolean.TRUE.equals(exportComplete);
    }

    /**
     * The recorded SHA-256 of a tensor whose checkpoint is complete.
     *
     * @param index the tensor's {@code index}
     * @return the hash, or null when the tensor is not complete
     */
    public String completedSha256(int index) {
        for (SelectedTensor tensor : selectedTensors) {
            if (tensor.index() != null && tensor.index() == index && "complete".equals(tensor.status())) {
                return tensor.checkpointSha256();
            }
        }
        return null;
    }

    /**
     * Writes {@link #toJson()} atomically: to a temporary file, then renamed over {@code file}.
     *
     * @param file the manifest file
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, toJson());
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ArtifactManifest copy(String newStatus, Boolean newExportComplete, List<SelectedTensor> tensors,
                                  String headSha256, String updated) {
        return new ArtifactManifest(artifactVersion, newStatus, newExportComplete, partialDebugOnly, artifactLayout,
                baseModelRepo, bumblebeeModule, architecture, xlaTarget, exportBackend, importer, pythonManifestPath,
                referenceManifestPath, pythonReferenceManifestLoaded, sourceVectorPath, sourceVectorTensor,
                sourceVectorShape, sourceVectorSha256, scaleOffsetCount, selectedTensorCount,
                selectedSingularValueCount, tensors, routerHeadArtifact, routerHeadShape, routerHeadTensorKey,
                headSha256, adaptedTensorsArtifact, adaptedTensorsSha256, sourceSplit, split, createdAt, updated,
                pythonSemanticManifest, exportSpec, onlyIndex, skipExisting);
    }

    static JsonNode nullToNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    /** Compact JSON with sorted keys (nulls written), as the reference's fixtures are. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize manifest", e);
        }
    }
}
