package dev.trinity.coordinator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.budget.DispatchInfo;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.Termination;
import dev.trinity.coordinator.pool.PoolCostEstimator;
import dev.trinity.coordinator.provider.ProviderKind;
import dev.trinity.coordinator.route.RoutedConversation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs each example against the bundled tiny router, offline. */
class ExamplesTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void route_one_conversation_prints_the_tiny_routers_decision() throws IOException {
        RoutedConversation routed = RouteOneConversation.run(List.of(Message.user("What is 17 + 25? Answer "
                + "briefly.")), out);

        // the tiny router's recorded decision for this transcript (examples/fixtures/tiny_prompt_eval_cases.json)
        assertThat(routed.decision().agentId()).isEqualTo(4);
        assertThat(routed.decision().roleName()).isEqualTo("Thinker");
        assertThat(routed.hidden().tokenCount()).isEqualTo(15);
        assertThat(printed()).contains("tokens: 15 (routing vector at position 13)", "agent slot: 4 (",
                "role: Thinker", "snapshot transcript_hash: "
                        + "05485d3e42e7b2e0c63bad13d446915173499b5a9a980faff24195c33bdbf0b3");
    }

    @Test
    void run_with_custom_pool_writes_a_trace_that_read_trace_reads_back() throws IOException {
        // given
        Path trace = dir.resolve("traces/run.jsonl");

        // when
        RunResult result = RunWithCustomPool.run(trace, out);
        String runOutput = printed();
        bytes.reset();
        List<Map<String, Object>> events = ReadTrace.run(trace, out);

        // then: the loop reached the Verifier, which revised once and then accepted the real answer (17 + 25)
        assertThat(result).isInstanceOf(RunResult.Success.class);
        assertThat(((RunResult.Success) result).termination()).isEqualTo(Termination.ACCEPTED);
        assertThat(runOutput).contains("trace: " + trace).contains("as Verifier: REVISE: ")
                .contains("as Verifier: ACCEPT: ").containsPattern("answer: Answer: 17 \\+ 25 = .* = " + (17 + 25) + "\\.")
                .contains("success (accepted): ACCEPT");
        assertThat(result.usage().estimatedCostUsd()).isPositive().isLessThan(0.05);
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).get("event")).isEqualTo("run_started");
        assertThat(events.get(0).get("provider_pool")).isEqualTo("team");
        String last = (String) events.get(events.size() - 1).get("event");
        assertThat(last).isEqualTo(result instanceof RunResult.Success ? "run_completed" : "run_failed");
        assertThat(events).allSatisfy(e -> assertThat(e.get("run_id")).isEqualTo(result.runId()));
        assertThat(printed().lines().toList()).hasSize(events.size());
        assertThat(printed()).startsWith("run_started run=" + result.runId());
        assertThat(Files.readAllLines(trace)).hasSize(events.size());
    }

    @Test
    void the_pool_prices_each_slot_by_model_and_reported_usage() {
        PoolCostEstimator cost = PoolCostEstimator.of(RunWithCustomPool.teamPool());
        // 1,000 prompt + 100 completion tokens: large $3/M in, $15/M out; small $0.15/M in, $0.60/M out
        DispatchInfo large = new DispatchInfo(ProviderKind.MOCK, "team-large", "x", "mock", 3, 0, "Worker", 1000, 100);
        DispatchInfo small = new DispatchInfo(ProviderKind.MOCK, "team-small", "x", "mock", 3, 4, "Worker", 1000, 100);
        assertThat(cost.estimateUsd(large)).isCloseTo(0.003 + 0.0015, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(cost.estimateUsd(small)).isCloseTo(0.00015 + 0.00006, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(RunWithCustomPool.teamPool().slots()).hasSize(7);
    }

    @Test
    void hello_coordinator_routes_and_runs_the_readme_program() throws Exception {
        // given the README's program, pointed at this checkout
        PrintStream stdout = System.out;
        System.setOut(out);
        try {
            // when
            HelloCoordinator.main(new String[] {System.getProperty("trinity.root")});
        } finally {
            System.setOut(stdout);
        }

        // then the tiny router routed, and the mock team's Verifier accepted the worked answer
        assertThat(printed()).containsPattern("next: agent \\d as (Worker|Thinker|Verifier)")
                .contains("ACCEPT: 17 * 24 = 408");
    }

    @Test
    void an_embedder_with_default_logging_sees_no_djl_lines_on_stderr() throws Exception {
        // given a fresh JVM with this module's class path (slf4j-simple at its default level, INFO)
        Path stdout = dir.resolve("out.txt");
        Path stderr = dir.resolve("err.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), HelloCoordinator.class.getName(),
                System.getProperty("trinity.root")).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();

        // when
        boolean ended = process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS);

        // then it routed and ran, and DJL's INFO/WARN start-up lines stayed out of stderr
        assertThat(ended).as("HelloCoordinator ended").isTrue();
        assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
        assertThat(Files.readString(stdout)).contains("next: agent ").contains("ACCEPT");
        assertThat(Files.readString(stderr)).doesNotContain("ai.djl");
    }

    @Test
    void the_readme_shows_hello_coordinator_line_by_line() throws IOException {
        Path root = Path.of(System.getProperty("trinity.root"));
        String readme = Files.readString(root.resolve("README.md"));
        int section = readme.indexOf("## Use it from Maven");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        List<String> shown = readme.substring(start, readme.indexOf("```", start)).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
        List<String> example = Files.readAllLines(root.resolve(
                "examples/src/main/java/dev/trinity/coordinator/examples/HelloCoordinator.java")).stream()
                .map(String::strip).toList();

        // every line the README shows is in the example, in the same order (the example adds its package and docs)
        int at = 0;
        for (String line : shown) {
            int found = example.subList(at, example.size()).indexOf(line);
            assertThat(found).as("README line \"%s\" in HelloCoordinator.java after line %d", line, at)
                    .isNotNegative();
            at += found + 1;
        }
        assertThat(shown.size()).isBetween(15, 30);
    }

    @Test
    void read_trace_names_a_line_that_is_not_json() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"event\": \"run_started\", \"run_id\": \"r\"}\n"
                + "not json\n");
        assertThatThrownBy(() -> ReadTrace.run(bad, out)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(bad + " line 2 is not a JSON object");
    }
}
