package dev.trinity.coordinator.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --selection argmax|softmax|sample --temperature T --seed N} on route, run and prompt-eval. */
class SelectionFlagsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "Calculate 6 * 7 and verify the answer.";

    private static JsonNode route(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("route", "--prompt", PROMPT, "--json", "--device", "cpu"));
        args.addAll(List.of(flags));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    /** softmax(logits / t), computed here independently of the router head. */
    private static double[] softmax(JsonNode logits, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (JsonNode l : logits) {
            max = Math.max(max, l.asDouble() / t);
        }
        double[] p = new double[logits.size()];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits.get(i).asDouble() / t - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The first index whose cumulative probability reaches a uniform draw of {@code SplittableRandom(seed)}. */
    private static int draw(double[] p, long seed) {
        double u = new SplittableRandom(seed).nextDouble();
        double cumulative = 0;
        for (int i = 0; i < p.length; i++) {
            cumulative += p[i];
            if (u <= cumulative) {
                return i;
            }
        }
        return p.length - 1;
    }

    private static void assertProbabilities(JsonNode actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual.get(i).asDouble()).isCloseTo(expected[i], Offset.offset(1e-6));
        }
    }

    @Test
    void sample_draws_from_softmax_with_the_seed_and_reports_the_probabilities() throws Exception {
        for (long seed : new long[] {3, 11, 29}) {
            JsonNode routed = route("--selection", "sample", "--temperature", "4", "--seed", String.valueOf(seed));

            double[] agents = softmax(routed.get("agent_logits"), 4);
            double[] roles = softmax(routed.get("role_logits"), 4);
            assertProbabilities(routed.at("/probabilities/agent"), agents);
            assertProbabilities(routed.at("/probabilities/role"), roles);
            assertThat(routed.get("agent_id").asInt()).isEqualTo(draw(agents, seed));
            assertThat(routed.get("role_id").asInt()).isEqualTo(draw(roles, seed + 17));
            assertThat(routed.get("selection").toString())
                    .isEqualTo("{\"mode\":\"sample\",\"temperature\":4.0,\"seed\":" + seed + "}");
        }
    }

    @Test
    void softmax_picks_the_most_probable_and_argmax_reports_no_probabilities() throws Exception {
        JsonNode argmax = route();
        JsonNode softmax = route("--selection", "softmax", "--temperature", "0.5");

        assertThat(argmax.has("probabilities")).isFalse();
        assertThat(argmax.at("/selection/mode").asText()).isEqualTo("argmax");
        assertThat(softmax.get("agent_id")).isEqualTo(argmax.get("agent_id"));
        assertThat(softmax.get("role_id")).isEqualTo(argmax.get("role_id"));
        assertProbabilities(softmax.at("/probabilities/agent"), softmax(softmax.get("agent_logits"), 0.5));
    }

    @Test
    void inconsistent_selection_flags_are_usage_errors() {
        assertThat(CliRun.of("route", "--prompt", "x", "--selection", "sample").lastErrLine())
                .isEqualTo("coordinator route: --selection sample needs --seed N, so that routes can be reproduced");
        assertThat(CliRun.of("run", "--mock", "--seed", "3").lastErrLine())
                .isEqualTo("coordinator run: --seed only seeds --selection sample; drop it or pass --selection sample");
        assertThat(CliRun.of("prompt-eval", "--temperature", "2").lastErrLine()).isEqualTo("coordinator prompt-eval: "
                + "--temperature applies to --selection softmax or sample; argmax ignores it");
        assertThat(CliRun.of("route", "--prompt", "x", "--selection", "softmax", "--temperature", "0").lastErrLine())
                .isEqualTo("coordinator route: --temperature must be a positive number, got 0.0");
        CliRun bogus = CliRun.of("route", "--prompt", "x", "--selection", "greedy");
        assertThat(bogus.exitCode()).isEqualTo(2);
        assertThat(bogus.lastErrLine())
                .isEqualTo("coordinator route: --selection must be argmax, softmax or sample, got \"greedy\"");
    }

    @Test
    void run_traces_the_selection_of_every_route(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.jsonl");
        CliRun run = CliRun.of("run", "--mock", "--device", "cpu", "--max-turns", "2", "--selection", "sample",
                "--seed", "5", "--trace-out", trace.toString());
        assertThat(run.exitCode()).as(run.err()).isIn(0, 1);

        List<JsonNode> routes = Files.readAllLines(trace).stream().map(SelectionFlagsTest::parse)
                .filter(e -> e.get("event").asText().equals("route_selected")).toList();
        assertThat(routes).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("agent_selection_mode").asText()).isEqualTo("sample");
            assertThat(e.get("role_selection_mode").asText()).isEqualTo("sample");
            assertThat(e.get("selection_seed").asLong()).isEqualTo(5);
            assertProbabilities(e.get("agent_probabilities"), softmax(e.get("agent_logits"), 1.0));
        });
    }

    @Test
    void prompt_eval_names_the_selection_it_routed_with() {
        CliRun run = CliRun.of("prompt-eval", "--case", "math_direct", "--no-assert", "--device", "cpu",
                "--selection", "softmax", "--temperature", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("router: router vector ").contains("selection softmax (temperature 2.0)");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
