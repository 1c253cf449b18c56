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
    void read_trace_names_a_line_that_is_not_json() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"event\": \"run_started\", \"run_id\": \"r\"}\n"
                + "not json\n");
        assertThatThrownBy(() -> ReadTrace.run(bad, out)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(bad + " line 2 is not a JSON object");
    }
}
