package dev.trinity.coordinator.adapted;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.artifact.AdaptedArtifact;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link RouterFit}: the tiny router fits the tiny model; a change on either side is named. */
class RouterFitTest {

    private static final Path TINY_MODEL = Installation.resolve("priv/qwen3-tiny");
    private static final Path TINY_VECTOR = Installation.resolve("priv/qwen3-tiny-svf/router_vector.safetensors");
    private static final Path BUNDLE = Installation.resolve("coordinator-cuda/src/test/resources/qwen3-tiny-svf/bundle");

    /** The tiny model's config with one change. */
    private static Qwen3Config config(Consumer<ObjectNode> change) throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(TINY_MODEL.resolve("config.json").toFile());
        change.accept(json);
        return Qwen3Config.fromJson(json);
    }

    @Test
    void the_tiny_vector_and_bundle_fit_the_tiny_model() throws IOException {
        Qwen3Config tiny = config(json -> { });
        EsLog log = EsLog.read(EsLog.besideVector(TINY_VECTOR));

        assertThat(RouterFit.ofVector(tiny, TINY_VECTOR, log).problems()).isEmpty();
        assertThat(RouterFit.ofBundle(tiny, AdaptedArtifact.load(BUNDLE)).problems()).isEmpty();
    }

    @Test
    void another_vocabulary_hidden_size_or_layer_count_is_named() throws IOException {
        AdaptedArtifact bundle = AdaptedArtifact.load(BUNDLE);
        EsLog log = EsLog.read(EsLog.besideVector(TINY_VECTOR));

        assertThat(RouterFit.ofBundle(config(json -> json.put("vocab_size", 1000)), bundle).describe())
                .contains("the bundle's embedder.token_embedding.kernel is [151936, 64] (vocabulary 151936), but the "
                        + "model's vocab_size is 1000");
        assertThat(RouterFit.ofBundle(config(json -> json.put("num_hidden_layers", 2)), bundle).describe())
                .isEqualTo("the bundle adapts layers [2], but the model has layers 0..1");
        assertThat(RouterFit.ofVector(config(json -> json.put("num_hidden_layers", 2)), TINY_VECTOR, log)
                .describe()).startsWith("the router's SVF layers [2] (ES log ").endsWith("are not all inside the "
                        + "model's layers 0..1");
        assertThat(RouterFit.ofVector(config(json -> json.put("hidden_size", 32)), TINY_VECTOR, log).describe())
                .isEqualTo("the router vector has 1216 values, but this model needs 288 SVF offsets + a {10, 32} "
                        + "head = 608 (hidden_size 32)");
    }
}
