package dev.trinity.coordinator.qwen3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.djl.DeviceSpec;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The forward pass against Hugging Face transformers' float32 hidden states of the tiny Qwen3: every case, every
 * hidden_states entry, max abs <= 1e-4 and cosine >= 0.99999 (fixture README), embeddings exact.
 */
class Qwen3GoldenTest {

    static final double MAX_ABS = 1e-4;
    static final double MIN_COSINE = 0.99999;

    private static Qwen3Model model;

    @BeforeAll
    static void load() throws Exception {
        model = Qwen3Model.load(Installation.resolve(Installation.TINY_MODEL),
                Qwen3Options.builder().device(DeviceSpec.parse(System.getProperty("trinity.test.device", "cpu")))
                        .threads(2).build());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<String> cases() {
        return GoldenCases.all().stream().map(c -> c.get("name").asText());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void every_hidden_state_matches_transformers(String name) {
        JsonNode golden = GoldenCases.named(name);
        int[] ids = GoldenCases.ids(golden);
        int hidden = model.config().hiddenSize();
        float[][] states = model.hiddenStates(ids);
        assertThat(states.length).isEqualTo(model.config().numHiddenLayers() + 1);
        JsonNode positions = golden.get("positions");
        JsonNode entries = golden.get("float32").get("hidden_states");
        for (JsonNode entry : entries) {
            int k = entry.get("index").asInt();
            for (String which : new String[] {"penultimate", "last"}) {
                int position = positions.get(which).asInt();
                float[] expected = GoldenCases.floats(entry.get(which));
                float[] actual = Arrays.copyOfRange(states[k], position * hidden, (position + 1) * hidden);
                String label = name + " hidden_states[" + k + "] " + which;
                if (k == 0) {
                    assertThat(actual).as(label + " (an embedding row, exact)").containsExactly(expected);
                } else {
                    assertClose(label, actual, expected);
                }
            }
        }
    }

    @Test
    void every_position_of_every_entry_matches_for_the_arithmetic_prompt() {
        JsonNode golden = GoldenCases.named("len15_user_arith");
        int hidden = model.config().hiddenSize();
        float[][] states = model.hiddenStates(GoldenCases.ids(golden));
        JsonNode all = golden.get("float32").get("hidden_states_all_positions");
        for (int k = 0; k < all.size(); k++) {
            for (int p = 0; p < all.get(k).size(); p++) {
                float[] actual = Arrays.copyOfRange(states[k], p * hidden, (p + 1) * hidden);
                assertClose("hidden_states[" + k + "] position " + p, actual, GoldenCases.floats(all.get(k).get(p)));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void the_router_fast_path_matches_the_full_pass_and_transformers(String name) {
        JsonNode golden = GoldenCases.named(name);
        int[] ids = GoldenCases.ids(golden);
        int hidden = model.config().hiddenSize();
        int layers = model.config().numHiddenLayers();
        for (String which : new String[] {"penultimate", "last"}) {
            int position = golden.get("positions").get(which).asInt();
            float[] fast = model.hiddenAt(ids, position);
            float[] full = Arrays.copyOfRange(model.hiddenStates(ids)[layers], position * hidden,
                    (position + 1) * hidden);
            assertClose(name + " fast vs full at " + which, fast, full);
            float[] expected = GoldenCases.floats(golden.get("float32").get("hidden_states").get(layers).get(which));
            assertClose(name + " fast path vs transformers at " + which, fast, expected);
        }
    }

    @Test
    void one_padded_batch_gives_each_sequence_its_own_router_state() {
        int layers = model.config().numHiddenLayers();
        java.util.List<JsonNode> cases = GoldenCases.all();
        int[][] ids = new int[cases.size()][];
        int[] positions = new int[cases.size()];
        for (int b = 0; b < ids.length; b++) {
            ids[b] = GoldenCases.ids(cases.get(b));
            positions[b] = cases.get(b).get("positions").get("penultimate").asInt();
        }
        float[][] batch = model.hiddenAtBatch(ids, positions);
        for (int b = 0; b < ids.length; b++) {
            String name = cases.get(b).get("name").asText();
            float[] expected = GoldenCases.floats(cases.get(b).get("float32").get("hidden_states").get(layers)
                    .get("penultimate"));
            assertClose(name + " in a batch vs transformers", batch[b], expected);
            assertClose(name + " in a batch vs alone", batch[b], model.hiddenAt(ids[b], positions[b]));
        }
    }

    static void assertClose(String label, float[] actual, float[] expected) {
        assertThat(actual).as(label + " length").hasSameSizeAs(expected);
        double maxAbs = 0;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < actual.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs((double) actual[i] - expected[i]));
            dot += (double) actual[i] * expected[i];
            na += (double) actual[i] * actual[i];
            nb += (double) expected[i] * expected[i];
        }
        double cosine = dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), 1e-30);
        assertThat(maxAbs).as(label + " max abs diff").isLessThanOrEqualTo(MAX_ABS);
        assertThat(cosine).as(label + " cosine").isGreaterThanOrEqualTo(MIN_COSINE);
    }
}
