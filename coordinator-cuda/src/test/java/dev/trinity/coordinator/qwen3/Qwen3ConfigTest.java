package dev.trinity.coordinator.qwen3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.Installation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qwen3ConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void reads_the_tiny_config_with_head_dim_from_the_file() throws IOException {
        Qwen3Config config = Qwen3Config.read(Installation.resolve("priv/qwen3-tiny/config.json"));
        assertThat(config.hiddenSize()).isEqualTo(64);
        assertThat(config.headDim()).isEqualTo(32);
        assertThat(config.queryWidth()).isEqualTo(128); // heads * head_dim != hidden, on purpose
        assertThat(config.groupSize()).isEqualTo(2);
        assertThat(config.ropeTheta()).isEqualTo(1_000_000);
        assertThat(config.rmsNormEps()).isEqualTo(1e-6);
        assertThat(config.tieWordEmbeddings()).isTrue();
    }

    @Test
    void rejects_other_model_types() throws IOException {
        assertRejected(base().put("model_type", "llama"), "model_type \"llama\" is not supported");
    }

    @Test
    void rejects_rope_scaling_it_does_not_implement() throws IOException {
        ObjectNode config = base();
        config.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0);
        assertRejected(config, "rope_scaling type \"yarn\" is not implemented");
    }

    @Test
    void rejects_sliding_window_attention() throws IOException {
        assertRejected(base().put("use_sliding_window", true), "use_sliding_window=true is not implemented");
    }

    @Test
    void rejects_heads_that_do_not_divide() throws IOException {
        assertRejected(base().put("num_key_value_heads", 3), "not a multiple of num_key_value_heads 3");
    }

    @Test
    void rejects_a_missing_size() throws IOException {
        ObjectNode config = base();
        config.remove("hidden_size");
        assertRejected(config, "missing or non-integer \"hidden_size\"");
    }

    private ObjectNode base() throws IOException {
        return (ObjectNode) JSON.readTree(Installation.resolve("priv/qwen3-tiny/config.json").toFile());
    }

    private void assertRejected(ObjectNode config, String message) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, config.toString());
        assertThatThrownBy(() -> Qwen3Config.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(message);
    }
}
