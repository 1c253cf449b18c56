package dev.trinity.coordinator.cli.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TINY = BundledData.resolve(BundledData.TINY_MODEL).toString();
    private static final String ARITH = "user: What is 17 + 25? Answer briefly.";

    @Test
    void json_output_matches_the_transformers_golden_vector() throws IOException {
        CliRun run = CliRun.of("extract", "--model-dir", TINY, "--device", "cpu", "--text", ARITH, "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode out = JSON.readTree(run.out());
        JsonNode golden = goldenCase("len15_user_arith");
        assertThat(out.get("input_ids")).isEqualTo(golden.get("input_ids"));
        assertThat(out.get("hidden_index").asInt()).isEqualTo(13);
        JsonNode expected = golden.get("float32").get("hidden_states").get(4).get("penultimate");
        JsonNode actual = out.get("hidden_states");
        assertThat(actual.size()).isEqualTo(64);
        for (int i = 0; i < 64; i++) {
            assertThat(actual.get(i).asDouble()).isCloseTo(expected.get(i).asDouble(),
                    org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void messages_are_formatted_as_role_colon_content_lines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.json");
        Files.writeString(file, "[{\"role\":\"user\",\"content\":\"What is 17 + 25? Answer briefly.\"}]");
        CliRun run = CliRun.of("extract", "--model-dir", TINY, "--device", "cpu", "--messages", file.toString(),
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(run.out()).get("input_ids")).isEqualTo(goldenCase("len15_user_arith")
                .get("input_ids"));
    }

    @Test
    void all_layers_at_the_last_position_gives_every_hidden_states_entry() throws IOException {
        JsonNode golden = goldenCase("len2_hello_world");
        CliRun run = CliRun.of("extract", "--model-dir", TINY, "--device", "cpu", "--ids",
                golden.get("input_ids").get(0).asText() + "," + golden.get("input_ids").get(1).asText(),
                "--position", "last", "--all-layers", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode states = JSON.readTree(run.out()).get("hidden_states");
        assertThat(states.size()).isEqualTo(5);
        for (int k = 0; k < 5; k++) {
            JsonNode expected = golden.get("float32").get("hidden_states").get(k).get("last");
            for (int i = 0; i < 64; i++) {
                assertThat(states.get(k).get(i).asDouble()).isCloseTo(expected.get(i).asDouble(),
                        org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void human_output_shows_ids_and_the_vector() {
        CliRun run = CliRun.of("extract", "--model-dir", TINY, "--device", "cpu", "--text", ARITH);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("input_ids (15): [872, 25, 3555").contains("position 13: [");
    }

    @Test
    void missing_input_is_a_usage_error() {
        CliRun run = CliRun.of("extract", "--model-dir", TINY);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).startsWith("coordinator extract: ").contains("--help");
    }

    @Test
    void two_inputs_are_a_usage_error() {
        assertThat(CliRun.of("extract", "--model-dir", TINY, "--text", "a", "--ids", "1").exitCode()).isEqualTo(2);
    }

    @Test
    void bad_position_is_a_usage_error() {
        CliRun run = CliRun.of("extract", "--model-dir", TINY, "--text", "a", "--position", "first");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).contains("--position must be penultimate, last or all");
    }

    @Test
    void a_model_folder_without_config_json_is_one_line_saying_what_to_do(@TempDir Path dir) {
        CliRun missing = CliRun.of("extract", "--model-dir", dir.resolve("nope").toString(), "--text", "a");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.lastErrLine()).endsWith("--model-dir " + dir.resolve("nope") + ": no such directory");

        CliRun run = CliRun.of("extract", "--model-dir", dir.toString(), "--text", "a");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip().lines().count()).isEqualTo(1);
        assertThat(run.lastErrLine()).contains("has no config.json").contains("--model-dir");
    }

    static JsonNode goldenCase(String name) throws IOException {
        JsonNode golden = JSON.readTree(BundledData.resolve("coordinator-cuda/src/test/resources/qwen3-tiny/golden.json")
                .toFile());
        for (JsonNode c : golden.get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
