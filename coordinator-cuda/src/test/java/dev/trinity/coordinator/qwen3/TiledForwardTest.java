package dev.trinity.coordinator.qwen3;

import static dev.trinity.coordinator.qwen3.Qwen3GoldenTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.djl.DeviceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bounded-memory forward: with row chunks of 8 and attention score blocks of a few query rows, the tiny model
 * still matches transformers on every golden case, and long inputs give what the untiled forward gives.
 */
class TiledForwardTest {

    private static final Path TINY = Installation.resolve(Installation.TINY_MODEL);
    /** 8-row chunks; 4 KB score blocks: 4 heads x 64 keys x 4 bytes = 1 KB per query row, so 4 rows a block. */
    private static final Tiling SMALL = new Tiling(8, 4096);

    private static Qwen3Model tiled;
    private static Qwen3Model plain;

    @BeforeAll
    static void load() throws IOException {
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).prefixCacheBytes(0).build();
        tiled = Qwen3Model.load(TINY, options, SMALL);
        plain = Qwen3Model.load(TINY, options, new Tiling(1 << 20, Long.MAX_VALUE / 4));
    }

    @AfterAll
    static void close() {
        tiled.close();
        plain.close();
    }

    static Stream<String> cases() {
        return GoldenCases.all().stream().map(c -> c.get("name").asText());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void tiled_forwards_match_transformers(String name) {
        JsonNode golden = GoldenCases.named(name);
        int[] ids = GoldenCases.ids(golden);
        int hidden = tiled.config().hiddenSize();
        int layers = tiled.config().numHiddenLayers();
        float[][] states = tiled.hiddenStates(ids);
        for (JsonNode entry : golden.get("float32").get("hidden_states")) {
            int k = entry.get("index").asInt();
            int position = golden.get("positions").get("last").asInt();
            float[] actual = Arrays.copyOfRange(states[k], position * hidden, (position + 1) * hidden);
            assertClose(name + " hidden_states[" + k + "] last", actual, GoldenCases.floats(entry.get("last")));
        }
        int penultimate = golden.get("positions").get("penultimate").asInt();
        assertClose(name + " router path", tiled.hiddenAt(ids, penultimate),
                GoldenCases.floats(golden.get("float32").get("hidden_states").get(layers).get("penultimate")));
    }

    @Test
    void a_long_input_gives_what_the_untiled_forward_gives() {
        int[] ids = new SplittableRandom(3).ints(700, 0, 151643).toArray();
        assertClose("700 tokens, router path", tiled.hiddenAt(ids, 698), plain.hiddenAt(ids, 698));
        float[] all = tiled.lastHiddenState(ids);
        float[] expected = plain.lastHiddenState(ids);
        int hidden = tiled.config().hiddenSize();
        for (int p : new int[] {0, 7, 8, 350, 699}) {
            assertClose("700 tokens, position " + p, Arrays.copyOfRange(all, p * hidden, (p + 1) * hidden),
                    Arrays.copyOfRange(expected, p * hidden, (p + 1) * hidden));
        }
    }

    @Test
    void a_forward_over_the_working_memory_limit_fails_with_one_clear_line() throws IOException {
        Qwen3Options limited = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2)
                .workingMemoryLimit(32L << 20).build();
        try (Qwen3Model model = Qwen3Model.load(TINY, limited)) {
            int[] ids = new SplittableRandom(5).ints(3000, 0, 151643).toArray();
            assertThatThrownBy(() -> model.hiddenAt(ids, 2998))
                    .isInstanceOf(ForwardMemoryException.class)
                    .hasMessageContaining("a forward of 2999 new tokens needs about")
                    .hasMessageContaining("the working-memory limit is 32 MB")
                    .hasMessageNotContaining("\n");
            assertThat(model.hiddenAt(Arrays.copyOf(ids, 20), 18)).hasSize(model.config().hiddenSize());
        }
    }
}
