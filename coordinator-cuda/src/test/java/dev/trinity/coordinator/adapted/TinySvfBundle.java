package dev.trinity.coordinator.adapted;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.safetensors.DType;
import dev.trinity.coordinator.safetensors.Floats;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Builds the fixture's adapted tiny bundle in a folder from the small files kept in the repository.
 *
 * <p>The fixture's two vocabulary-sized checkpoints (0001 embedding, 0009 LM head; 19 MB each) are not stored. They
 * are rebuilt from the base embedding with the rows of every token the golden cases use replaced by the BF16 cast
 * of PyTorch's F32 W' rows ({@code expected_adapted.safetensors}, {@code :case_token_rows}); the bundle's BF16
 * values are exactly that cast, so every golden route reads the same weights as from the original bundle. Other
 * rows keep the base values; no test reads them. The manifest's sha256 of the two files is updated.
 */
final class TinySvfBundle {

    static final Path FIXTURE = Installation.resolve("coordinator-cuda/src/test/resources/qwen3-tiny-svf");
    private static final String EMBEDDING = "checkpoints/0001_embedder.token_embedding.kernel.safetensors";
    private static final String LM_HEAD = "checkpoints/0009_language_modeling_head.output.kernel.safetensors";

    private TinySvfBundle() {
    }

    /** Writes the bundle into {@code dir} and returns it. */
    static Path build(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.copy(FIXTURE.resolve("bundle/router_head.safetensors"), dir.resolve("router_head.safetensors"));
        try (var files = Files.list(FIXTURE.resolve("bundle/checkpoints"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve("checkpoints").resolve(file.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        ObjectNode manifest = (ObjectNode) json.readTree(FIXTURE.resolve("bundle/manifest.json").toFile());
        writeVocabCheckpoint(dir.resolve(EMBEDDING), "embedder.token_embedding.kernel", "model.embed_tokens.weight");
        writeVocabCheckpoint(dir.resolve(LM_HEAD), "language_modeling_head.output.kernel", "lm_head.weight");
        for (var entry : manifest.withArray("selected_tensors")) {
            String path = entry.get("checkpoint_path").asText();
            if (path.equals(EMBEDDING) || path.equals(LM_HEAD)) {
                ((ObjectNode) entry).put("checkpoint_sha256", Sha256.ofFile(dir.resolve(path)));
            }
        }
        Files.write(dir.resolve("manifest.json"), json.writeValueAsBytes(json.treeToValue(manifest, Object.class)));
        return dir;
    }

    private static void writeVocabCheckpoint(Path target, String key, String adaptedName) throws IOException {
        byte[] bytes;
        long[] shape;
        try (SafetensorsFile base = SafetensorsFile.open(Installation.resolve("priv/qwen3-tiny/model.safetensors"))) {
            bytes = base.readBytes("model.embed_tokens.weight");
            shape = base.tensor("model.embed_tokens.weight").shape();
        }
        int hidden = (int) shape[1];
        try (SafetensorsFile adapted = SafetensorsFile.open(FIXTURE.resolve("expected_adapted.safetensors"))) {
            int[] rows = Arrays.stream(adapted.metadata().get("case_token_rows").replaceAll("[\\[\\] ]", "").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            float[] values = adapted.readFloats(adaptedName + ":case_token_rows");
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < hidden; j++) {
                    buffer.putShort((rows[i] * hidden + j) * 2, Floats.floatToBf16(values[i * hidden + j]));
                }
            }
        }
        SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED).add(key, DType.BF16, shape, bytes)
                .write(target);
    }
}
