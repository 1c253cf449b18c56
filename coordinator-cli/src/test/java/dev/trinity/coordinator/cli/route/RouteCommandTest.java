package dev.trinity.coordinator.cli.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coordinator route} on the bundled tiny router against the fixture's PyTorch routes. */
class RouteCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void json_route_of_each_golden_case_matches_pytorch(@TempDir Path dir) throws IOException {
        JsonNode golden = JSON.readTree(BundledData.resolve(
                "coordinator-cuda/src/test/resources/qwen3-tiny-svf/golden_route.json").toFile());
        for (JsonNode c : golden.get("cases")) {
            Path messages = dir.resolve(c.get("id").asText() + ".json");
            Files.writeString(messages, c.get("messages").toString());
            CliRun run = CliRun.of("route", "--messages", messages.toString(), "--device", "cpu", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode out = JSON.readTree(run.out());
            JsonNode expected = c.get("f64_reference_adapted");
            JsonNode adapted = c.get("routes").get("adapted_f32");
            assertThat(out.get("input_ids")).isEqualTo(c.get("token_ids"));
            assertThat(out.get("token_count").asInt()).isEqualTo(c.get("token_count").asInt());
            assertThat(out.get("hidden_index").asInt()).isEqualTo(c.get("hidden_index").asInt());
            assertThat(out.get("logits")).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(out.get("logits").get(i).asDouble()).isCloseTo(expected.get("logits").get(i).asDouble(),
                        within(1e-3));
            }
            assertThat(out.get("agent_logits")).hasSize(7);
            assertThat(out.get("role_logits")).hasSize(3);
            assertThat(out.get("agent_id").asInt()).isEqualTo(adapted.get("agent_id").asInt());
            assertThat(out.get("role_id").asInt()).isEqualTo(adapted.get("role_id").asInt());
            assertThat(out.get("role_name").asText()).isEqualTo(adapted.get("role_name").asText());
            assertThat(out.get("agent_label").asText()).isEqualTo(adapted.get("agent_label").asText());
            assertThat(out.get("margins").get("agent").asDouble()).isCloseTo(adapted.get("agent_margin").asDouble(),
                    within(2e-3));
            assertThat(out.get("transcript_hash").asText()).hasSize(64);
        }
    }

    @Test
    void human_output_names_agent_label_role_and_margins() {
        CliRun run = CliRun.of("route", "--prompt", "What is 17 + 25? Answer briefly.", "--device", "cpu");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("input_ids (15): [872, 25, 3555")
                .contains("agent 4: google/gemma-3-27b-it (margin 0.14")
                .contains("role  1: Thinker (margin 6.30");
    }

    @Test
    void model_dir_alone_on_the_tiny_model_says_it_selected_sakanas_vector_and_what_to_pass_instead() {
        String tiny = BundledData.resolve("priv/qwen3-tiny").toString();
        CliRun run = CliRun.of("route", "--prompt", "hi", "--device", "cpu", "--model-dir", tiny);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).as("refused before any SVF work").doesNotContain("SVF 1/");
        assertThat(run.lastErrLine()).startsWith("coordinator route: --model-dir alone selects Sakana's router vector "
                + "for Qwen/Qwen3-0.6B").contains("(4 layers, hidden 64)").contains("SVF layers [26]")
                .endsWith("For the bundled tiny model pass --router-vector priv/qwen3-tiny-svf/router_vector.safetensors"
                        + ", or drop --model-dir to run the bundled demo router");

        CliRun suggested = CliRun.of("route", "--prompt", "hi", "--device", "cpu", "--model-dir", tiny,
                "--router-vector", BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors").toString());
        assertThat(suggested.exitCode()).as(suggested.err()).isZero();
    }

    @Test
    void a_bundle_for_another_hidden_size_is_refused_before_loading() {
        CliRun run = CliRun.of("route", "--prompt", "hi", "--device", "cpu", "--model-dir",
                BundledData.resolve("priv/qwen3-tiny").toString(), "--artifact-dir",
                BundledData.resolve("coordinator-core/src/test/resources/tiny-artifact").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastErrLine()).contains("do not work together: the bundle's router head [5, 8] is for hidden "
                + "size 8, but the model's hidden_size is 64");
    }

    @Test
    void a_bundle_and_a_vector_together_are_a_usage_error(@TempDir Path dir) {
        CliRun run = CliRun.of("route", "--prompt", "hi", "--artifact-dir", dir.toString(), "--router-vector",
                dir.resolve("v.safetensors").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).contains("--artifact-dir and --router-vector");
    }

    @Test
    void a_vector_without_es_log_says_how_to_name_it(@TempDir Path dir) throws IOException {
        Path vector = dir.resolve("v.safetensors");
        Files.copy(BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors"), vector);
        CliRun run = CliRun.of("route", "--prompt", "hi", "--device", "cpu", "--model-dir",
                BundledData.resolve("priv/qwen3-tiny").toString(), "--router-vector", vector.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastErrLine()).contains("es_log.json").contains("--es-log");
    }
}
