package dev.trinity.coordinator.qwen3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import dev.trinity.coordinator.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from sharded checkpoints, and the errors for missing or mis-shaped weights. */
class Qwen3LoadingTest {

    private static final Path TINY = Installation.resolve(Installation.TINY_MODEL);
    private static final Qwen3Options CPU = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).build();

    @TempDir
    Path dir;

    @Test
    void a_sharded_checkpoint_gives_the_same_hidden_states() throws IOException {
        Path sharded = copyConfig(dir.resolve("sharded"));
        ObjectNode index = new ObjectMapper().createObjectNode();
        ObjectNode weightMap = index.putObject("weight_map");
        SafetensorsWriter first = SafetensorsWriter.builder().metadata("format", "pt");
        SafetensorsWriter second = SafetensorsWriter.builder().metadata("format", "pt");
        try (SafetensorsFile file = SafetensorsFile.open(TINY.resolve("model.safetensors"))) {
            for (TensorInfo t : file.tensors()) {
                boolean early = t.name().startsWith("model.layers.0.") || t.name().startsWith("model.layers.1.");
                (early ? first : second).add(t.name(), t.dtype(), t.shape(), file.readBytes(t.name()));
                weightMap.put(t.name(), early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
            }
        }
        first.write(sharded.resolve("model-00001-of-00002.safetensors"));
        second.write(sharded.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(sharded.resolve("model.safetensors.index.json"), index.toString());

        int[] ids = GoldenCases.ids(GoldenCases.named("len15_user_arith"));
        try (Qwen3Model single = Qwen3Model.load(TINY, CPU); Qwen3Model shards = Qwen3Model.load(sharded, CPU)) {
            assertThat(shards.hiddenAt(ids, 13)).containsExactly(single.hiddenAt(ids, 13));
        }
    }

    @Test
    void a_missing_tensor_is_named() throws IOException {
        Path broken = rewriteWithout("model.layers.2.mlp.up_proj.weight", null);
        assertThatThrownBy(() -> Qwen3Model.load(broken, CPU).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing tensor \"model.layers.2.mlp.up_proj.weight\"")
                .hasMessageContaining("[192, 64]");
    }

    @Test
    void a_mis_shaped_tensor_is_named_with_both_shapes() throws IOException {
        Path broken = rewriteWithout("model.layers.1.self_attn.k_norm.weight", new long[] {16});
        assertThatThrownBy(() -> Qwen3Model.load(broken, CPU).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("\"model.layers.1.self_attn.k_norm.weight\"")
                .hasMessageContaining("has shape [16], but config.json implies [32]");
    }

    @Test
    void a_folder_without_weights_says_what_it_needs() throws IOException {
        Path empty = copyConfig(dir.resolve("empty"));
        assertThatThrownBy(() -> Qwen3Model.load(empty, CPU).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no model.safetensors or model.safetensors.index.json in " + empty);
    }

    @Test
    void token_ids_outside_the_vocabulary_are_rejected() throws IOException {
        try (Qwen3Model model = Qwen3Model.load(TINY, CPU)) {
            assertThatThrownBy(() -> model.hiddenAt(new int[] {1, 151936, 2}, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("token id 151936 at position 1 is outside the vocabulary");
        }
    }

    /** Copies the tiny model, dropping one tensor or replacing it with zeros of another shape. */
    private Path rewriteWithout(String name, long[] replacementShape) throws IOException {
        Path target = copyConfig(dir.resolve("broken"));
        SafetensorsWriter writer = SafetensorsWriter.builder();
        try (SafetensorsFile file = SafetensorsFile.open(TINY.resolve("model.safetensors"))) {
            for (TensorInfo t : file.tensors()) {
                if (!t.name().equals(name)) {
                    writer.add(t.name(), t.dtype(), t.shape(), file.readBytes(t.name()));
                } else if (replacementShape != null) {
                    writer.addFloats(name, replacementShape, new float[(int) replacementShape[0]]);
                }
            }
        }
        writer.write(target.resolve("model.safetensors"));
        return target;
    }

    private static Path copyConfig(Path target) throws IOException {
        Files.createDirectories(target);
        for (String file : List.of("config.json")) {
            Files.copy(TINY.resolve(file), target.resolve(file));
        }
        return target;
    }
}
