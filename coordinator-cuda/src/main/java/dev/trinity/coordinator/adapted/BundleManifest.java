package dev.trinity.coordinator.adapted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.json.JsonFiles;
import dev.trinity.coordinator.svf.SvfEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The {@code manifest.json} a bundle build writes, in the reference's format (spec §4.2): compact JSON with sorted
 * keys, every required key, one {@code selected_tensors} entry per checkpoint with its status and sha256. It is
 * rewritten atomically after each checkpoint, so an interrupted build resumes from what is complete.
 */
final class BundleManifest {

    static final String HEAD_FILE = "router_head.safetensors";
    static final String HEAD_KEY = "trinity_router_head";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final ObjectNode root;

    private BundleManifest(ObjectNode root) {
        this.root = root;
    }

    /** The identity a resumed build must share with the bundle on disk: what the weights were computed from. */
    record Identity(String sourceVectorSha256, String baseConfigSha256, List<Integer> layers, int offsetCount) {
        ObjectNode toJson() {
            ObjectNode spec = JSON.createObjectNode();
            spec.put("source_vector_sha256", sourceVectorSha256);
            spec.put("base_config_sha256", baseConfigSha256);
            layers.forEach(spec.putArray("opt_layer_indices")::add);
            spec.put("scale_offset_count", offsetCount);
            return spec;
        }
    }

    /** A new, pending manifest. */
    static BundleManifest create(Identity identity, String baseModelRepo, String vectorPath, int vectorLength,
                                 int hidden, int outputCount, List<String> agentLabels, List<SvfEntry> entries,
                                 String sourceType) {
        ObjectNode root = JSON.createObjectNode();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        root.put("artifact_version", 1);
        root.put("status", "partial");
        root.put("export_complete", false);
        root.put("partial_debug_only", false);
        root.put("artifact_layout", "checkpoint_directory");
        root.put("adapted_tensors_artifact", "adapted_tensors.safetensors");
        root.put("router_head_artifact", HEAD_FILE);
        root.put("router_head_tensor_key", HEAD_KEY);
        root.putArray("router_head_shape").add(outputCount).add(hidden);
        root.putNull("router_head_sha256");
        root.put("selected_tensor_count", entries.size());
        int offsets = identity.offsetCount();
        root.put("selected_singular_value_count", offsets);
        root.put("scale_offset_count", offsets);
        root.putArray("source_vector_shape").add(vectorLength);
        root.put("source_vector_sha256", identity.sourceVectorSha256());
        root.put("source_vector_path", vectorPath);
        root.put("source_vector_tensor", "trinity_router_es_vector");
        root.put("base_model_repo", baseModelRepo);
        root.put("bumblebee_module", "Bumblebee.Text.Qwen3");
        root.put("architecture", "for_causal_language_modeling");
        root.put("xla_target", "cpu");
        root.put("export_backend", "java_djl_gram_f64");
        root.putObject("source_split").put("scale_count", offsets).put("hidden_size", hidden)
                .put("output_count", outputCount);
        root.putObject("split").put("scale_count", offsets).put("head_count", outputCount * hidden);
        root.put("created_at", now);
        root.put("updated_at", now);
        root.set("export_spec", identity.toJson());
        ObjectNode semantic = root.putObject("python_semantic_manifest");
        semantic.put("format", "trinity_sakana_safetensors_export").put("version", 1);
        ObjectNode model = semantic.putObject("model").put("hidden_size", hidden);
        identity.layers().forEach(model.putArray("opt_layer_indices")::add);
        ObjectNode routing = semantic.putObject("routing");
        agentLabels.forEach(routing.putArray("agent_labels")::add);
        routing.putArray("role_labels").add("solver").add("thinker").add("verifier");
        routing.put("output_count", outputCount).put("head_type", "linear")
                .put("head_tensor", "trinity.router_head.linear.weight")
                .put("head_offset_start", offsets).put("head_offset_end", offsets + outputCount * hidden);
        routing.putArray("head_shape").add(outputCount).add(hidden);
        ArrayNode selected = root.putArray("selected_tensors");
        for (SvfEntry entry : entries) {
            ObjectNode node = selected.addObject();
            node.put("index", entry.index());
            node.put("path", entry.artifactKey());
            node.put("artifact_key", entry.artifactKey());
            node.putArray("segments").add(entry.segments()[0]).add(entry.segments()[1]);
            node.put("source_name", entry.sourceName());
            node.putArray("shape").add(entry.bundleShape()[0]).add(entry.bundleShape()[1]);
            node.put("type", "{:bf, 16}");
            node.put("source_type", sourceType);
            node.put("checkpoint_type", "{:bf, 16}");
            node.put("svd_compute_type", "{:f, 64}");
            node.put("python_v_layout", "gram_eigenvectors");
            node.put("status", "pending");
            node.put("offset_start", entry.offsetStart());
            node.put("offset_end", entry.offsetEnd());
            node.put("singular_values", entry.rank());
            node.put("checkpoint_path", entry.checkpointPath());
            node.putNull("checkpoint_sha256");
            node.putNull("error");
        }
        return new BundleManifest(root);
    }

    /** Reads the manifest of an existing (possibly partial) bundle. */
    static BundleManifest read(Path file) throws IOException {
        JsonNode node = JsonFiles.read(file, "bundle manifest " + file);
        if (!(node instanceof ObjectNode object)) {
            throw new IOException(file + " is not a JSON object");
        }
        return new BundleManifest(object);
    }

    /** The build identity recorded in {@code export_spec}, or null for a bundle this tool did not build. */
    JsonNode identity() {
        return root.get("export_spec");
    }

    boolean isComplete() {
        return "complete".equals(root.path("status").asText()) && root.path("export_complete").asBoolean(false);
    }

    /** The recorded sha256 of a complete checkpoint, or null. */
    String completedSha(SvfEntry entry) {
        for (JsonNode node : root.withArray("selected_tensors")) {
            if (node.path("index").asInt() == entry.index() && "complete".equals(node.path("status").asText())) {
                return node.path("checkpoint_sha256").asText(null);
            }
        }
        return null;
    }

    void headWritten(String sha256) {
        root.put("router_head_sha256", sha256);
    }

    String headSha() {
        return root.path("router_head_sha256").asText(null);
    }

    void checkpointWritten(SvfEntry entry, String sha256) {
        for (JsonNode node : root.withArray("selected_tensors")) {
            if (node.path("index").asInt() == entry.index()) {
                ((ObjectNode) node).put("status", "complete").put("checkpoint_sha256", sha256);
            }
        }
        root.put("updated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    void complete() {
        root.put("status", "complete");
        root.put("export_complete", true);
        root.put("updated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** Writes the manifest atomically (temp file, then rename). */
    void write(Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, JSON.writeValueAsBytes(JSON.treeToValue(root, Object.class)));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
