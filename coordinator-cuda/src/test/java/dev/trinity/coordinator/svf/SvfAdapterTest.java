package dev.trinity.coordinator.svf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SVF maths against PyTorch's float64 reference of the tiny fixture ({@code qwen3-tiny-svf}), and the selection
 * rule against its manifest.
 */
class SvfAdapterTest {

    static final Path FIXTURE = Installation.resolve("coordinator-cuda/src/test/resources/qwen3-tiny-svf");
    private static Qwen3Config config;
    private static float[] vector;

    @BeforeAll
    static void load() throws IOException {
        config = Qwen3Config.read(Installation.resolve("priv/qwen3-tiny/config.json"));
        try (SafetensorsFile file = SafetensorsFile.open(Installation.resolve("priv/qwen3-tiny-svf/router_vector.safetensors"))) {
            vector = file.readFloats("trinity_router_es_vector");
        }
    }

    @Test
    void selection_matches_the_bundle_manifest() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(FIXTURE.resolve("bundle/manifest.json").toFile());
        List<SvfEntry> entries = SvfSelection.of(config, List.of(2)).entries();
        JsonNode selected = manifest.get("selected_tensors");
        assertThat(entries).hasSize(selected.size());
        for (int i = 0; i < entries.size(); i++) {
            SvfEntry entry = entries.get(i);
            JsonNode expected = selected.get(i);
            assertThat(entry.index()).isEqualTo(expected.get("index").asInt());
            assertThat(entry.sourceName()).isEqualTo(expected.get("source_name").asText());
            assertThat(entry.artifactKey()).isEqualTo(expected.get("artifact_key").asText());
            assertThat(entry.offsetStart()).isEqualTo(expected.get("offset_start").asInt());
            assertThat(entry.offsetEnd()).isEqualTo(expected.get("offset_end").asInt());
            assertThat(entry.checkpointPath()).isEqualTo(expected.get("checkpoint_path").asText());
            assertThat(entry.bundleShape()).containsExactly(expected.get("shape").get(0).asLong(),
                    expected.get("shape").get(1).asLong());
            assertThat(entry.segments()).containsExactly(expected.get("segments").get(0).asText(),
                    expected.get("segments").get(1).asText());
        }
        assertThat(SvfSelection.of(config, List.of(2)).offsetCount()).isEqualTo(576);
    }

    @Test
    void the_real_model_selection_is_nine_tensors_and_9216_offsets() {
        SvfSelection real = SvfSelection.of(Qwen3Config.qwen3_0_6b(), List.of(26));
        assertThat(real.entries()).hasSize(9);
        assertThat(real.offsetCount()).isEqualTo(9216);
        assertThat(real.entries().get(1).sourceName()).isEqualTo("model.layers.26.self_attn.q_proj.weight");
        assertThat(real.entries().get(1).bundleShape()).containsExactly(1024, 2048);
        assertThat(real.entries().get(8).checkpointPath())
                .isEqualTo("checkpoints/0009_language_modeling_head.output.kernel.safetensors");
    }

    @Test
    void layer_tensors_match_the_float64_reference() throws IOException {
        try (SafetensorsFile base = SafetensorsFile.open(Installation.resolve("priv/qwen3-tiny/model.safetensors"));
             SafetensorsFile f64 = SafetensorsFile.open(FIXTURE.resolve("expected_adapted_f64ref.safetensors"))) {
            for (SvfEntry entry : SvfSelection.of(config, List.of(2)).entries()) {
                if (entry.isEmbedding() || entry.isLmHead()) {
                    continue;
                }
                String name = entry.sourceName();
                float[] offsets = Arrays.copyOfRange(vector, entry.offsetStart(), entry.offsetEnd());
                assertThat(offsets).as("offsets of " + name).containsExactly(f64.readFloats(name + ":offsets"));
                SvfAdapter.Adapted adapted = SvfAdapter.adapt(base.readFloats(name), entry.rows(), entry.cols(),
                        offsets);
                assertMaxAbs(name, adapted.weights(), f64.readFloats(name), 1e-6);
                float[] s = f64.readFloats(name + ":singular_values");
                for (int i = 0; i < s.length; i++) {
                    assertThat(adapted.singularValues()[i]).isCloseTo(s[i], within(1e-6 * s[0]));
                }
                assertThat(adapted.normalization()).isCloseTo(f64.readFloats(name + ":normalization")[0],
                        within(1e-7));
            }
        }
    }

    @Test
    void embedding_and_lm_head_match_the_float64_reference_on_stored_rows() throws IOException {
        try (SafetensorsFile base = SafetensorsFile.open(Installation.resolve("priv/qwen3-tiny/model.safetensors"));
             SafetensorsFile f64 = SafetensorsFile.open(FIXTURE.resolve("expected_adapted_f64ref.safetensors"))) {
            float[] embedding = base.readFloats("model.embed_tokens.weight");
            int[] caseRows = Arrays.stream(f64.metadata().get("case_token_rows").replaceAll("[\\[\\] ]", "").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            for (SvfEntry entry : SvfSelection.of(config, List.of(2)).entries()) {
                if (!entry.isEmbedding() && !entry.isLmHead()) {
                    continue;
                }
                String name = entry.sourceName();
                float[] offsets = Arrays.copyOfRange(vector, entry.offsetStart(), entry.offsetEnd());
                float[] adapted = SvfAdapter.adapt(embedding, entry.rows(), entry.cols(), offsets).weights();
                int hidden = entry.cols();
                assertMaxAbs(name + " rows 0..2047", Arrays.copyOf(adapted, 2048 * hidden), f64.readFloats(name), 1e-6);
                float[] expectedRows = f64.readFloats(name + ":case_token_rows");
                float[] actualRows = new float[caseRows.length * hidden];
                for (int i = 0; i < caseRows.length; i++) {
                    System.arraycopy(adapted, caseRows[i] * hidden, actualRows, i * hidden, hidden);
                }
                assertMaxAbs(name + " case token rows", actualRows, expectedRows, 1e-6);
            }
        }
    }

    @Test
    void zero_offsets_give_back_the_base_weights() throws IOException {
        try (SafetensorsFile base = SafetensorsFile.open(Installation.resolve("priv/qwen3-tiny/model.safetensors"))) {
            String name = "model.layers.2.self_attn.o_proj.weight"; // wide: exercises the W W^T branch
            float[] w = base.readFloats(name);
            assertMaxAbs(name, SvfAdapter.adapt(w, 64, 128, new float[64]).weights(), w, 1e-6);
        }
    }

    @Test
    void the_spec_two_by_two_vector() {
        // U = I, S = [2, 1], V = [[0, 1], [-1, 0]]: W = U diag(S) V^T = [[0, -2], [1, 0]].
        float[] w = {0, -2, 1, 0};
        assertMaxAbs("zero offsets", SvfAdapter.adapt(w, 2, 2, new float[] {0, 0}).weights(), w, 1e-7);
        // o = [0.5, -0.5]: s' = [3, 0.5], c = 3 / 3.5, W' = c * [[0, -3], [0.5, 0]].
        double c = 3 / 3.5;
        SvfAdapter.Adapted adapted = SvfAdapter.adapt(w, 2, 2, new float[] {0.5f, -0.5f});
        assertMaxAbs("offsets", adapted.weights(), new float[] {0, (float) (-3 * c), (float) (0.5 * c), 0}, 1e-7);
        assertThat(adapted.singularValues()).containsExactly(new double[] {2, 1}, within(1e-12));
        assertThat(adapted.normalization()).isCloseTo(c, within(1e-12));
    }

    static void assertMaxAbs(String label, float[] actual, float[] expected, double tolerance) {
        assertThat(actual).as(label + " length").hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
        }
        assertThat(max).as(label + " max abs diff").isLessThanOrEqualTo(tolerance);
    }
}
