package dev.trinity.coordinator.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import dev.trinity.coordinator.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/** Builds real bundles in temp directories: copies of the reference's tiny artifact and small synthetic ones. */
public final class Bundles {

    static final ObjectMapper JSON = new ObjectMapper();

    private Bundles() {
    }

    /** A writable copy of the reference's tiny artifact. */
    static Path tinyCopy(Path dir) throws IOException {
        Path source = TestFiles.resolve("coordinator-core/src/test/resources/tiny-artifact");
        Files.createDirectories(dir);
        for (String name : new String[] {"manifest.json", "router_head.safetensors"}) {
            Files.copy(source.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            dir.resolve(name).toFile().setWritable(true);
        }
        return dir;
    }

    /** Edits a bundle's manifest JSON in place. */
    static void editManifest(Path dir, Consumer<ObjectNode> edit) throws IOException {
        Path file = dir.resolve("manifest.json");
        ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(manifest);
        Files.write(file, JSON.writeValueAsBytes(manifest));
    }

    /**
     * A synthetic bundle in the reference format: a {4 + 3, 8} head and two BF16 checkpoints (an "embedding" {16, 8}
     * and a layer kernel {8, 12}), with every sha256 in the manifest.
     */
    public static Path synthetic(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("checkpoints"));
        float[] head = new float[7 * 8];
        for (int i = 0; i < head.length; i++) {
            head[i] = (i % 5) * 0.25f - 0.5f;
        }
        SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED)
                .addFloats("trinity_router_head", new long[] {7, 8}, head)
                .write(dir.resolve("router_head.safetensors"));
        ArrayNode entries = JSON.createArrayNode();
        entries.add(checkpoint(dir, 1, "embedder.token_embedding.kernel", new long[] {16, 8}, 0));
        entries.add(checkpoint(dir, 2, "decoder.blocks.1.self_attention.query.kernel", new long[] {8, 12}, 8));
        ObjectNode m = JSON.createObjectNode();
        m.put("artifact_version", 1).put("status", "complete").put("export_complete", true)
                .put("partial_debug_only", false).put("artifact_layout", "checkpoint_directory")
                .put("base_model_repo", "synthetic/tiny").put("bumblebee_module", "Bumblebee.Text.Qwen3")
                .put("architecture", "for_causal_language_modeling").put("xla_target", "cpu")
                .put("export_backend", "test").put("source_vector_path", "synthetic")
                .put("source_vector_tensor", "trinity_router_es_vector").put("source_vector_sha256", "0".repeat(64))
                .put("scale_offset_count", 16).put("selected_tensor_count", 2).put("selected_singular_value_count", 16)
                .put("router_head_artifact", "router_head.safetensors").put("router_head_tensor_key",
                        "trinity_router_head")
                .put("router_head_sha256", Sha256.ofFile(dir.resolve("router_head.safetensors")))
                .put("adapted_tensors_artifact", "adapted_tensors.safetensors");
        m.putArray("source_vector_shape").add(16 + 56);
        m.putArray("router_head_shape").add(7).add(8);
        m.putObject("source_split").put("scale_count", 16).put("hidden_size", 8).put("output_count", 7);
        m.putObject("split").put("scale_count", 16).put("head_count", 56);
        m.set("selected_tensors", entries);
        Files.write(dir.resolve("manifest.json"), JSON.writeValueAsBytes(m));
        return dir;
    }

    private static ObjectNode checkpoint(Path dir, int index, String path, long[] shape, int offsetStart)
            throws IOException {
        int n = (int) (shape[0] * shape[1]);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) Math.sin(i + index);
        }
        String relative = String.format("checkpoints/%04d_%s.safetensors", index, path);
        SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED).addBf16(path, shape, values)
                .write(dir.resolve(relative));
        ObjectNode entry = JSON.createObjectNode();
        entry.put("index", index).put("path", path).put("artifact_key", path).put("type", "{:bf, 16}")
                .put("source_type", "{:bf, 16}").put("status", "complete").put("offset_start", offsetStart)
                .put("offset_end", offsetStart + 8).put("singular_values", 8).put("checkpoint_path", relative)
                .put("checkpoint_sha256", Sha256.ofFile(dir.resolve(relative)));
        entry.putArray("shape").add(shape[0]).add(shape[1]);
        entry.putArray("segments").add(path.substring(0, path.lastIndexOf('.'))).add("kernel");
        entry.putNull("error");
        return entry;
    }
}
