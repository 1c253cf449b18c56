package dev.trinity.coordinator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.budget.DispatchInfo;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.RunResult;
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

        // then: the run ended (accepted, at the cap, or a typed failure) and its trace is complete
        assertThat(runOutput).contains("trace: " + trace).containsAnyOf("success (", "failure: ");
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
    void the_cost_estimator_prices_by_model_and_reply_length() {
        DispatchInfo large = new DispatchInfo("mock", "team-large", "x".repeat(500), "mock", 3, 0, "Worker", null,
                null);
        DispatchInfo small = new DispatchInfo("mock", "team-small", "x".repeat(500), "mock", 3, 4, "Worker", null,
                null);
        assertThat(RunWithCustomPool.COST.estimateUsd(large)).isEqualTo(0.01);
        assertThat(RunWithCustomPool.COST.estimateUsd(small)).isEqualTo(0.001);
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
