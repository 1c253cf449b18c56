package dev.trinity.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.testing.ScriptedRouter;
import dev.trinity.coordinator.trace.JsonlTraceSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 50 runs in parallel on one orchestrator and one trace file. */
class ConcurrentRunsTest {

    @TempDir
    Path dir;

    @Test
    void should_run_fifty_runs_in_parallel_sharing_nothing_mutable() throws Exception {
        // given one orchestrator whose mock echoes the run's own question
        MockChatProvider mock = MockChatProvider.builder()
                .respond(AgentRole.WORKER, r -> "answer to " + r.messages().get(1).content())
                .respond(AgentRole.VERIFIER, r -> "ACCEPT: checked " + r.messages().get(r.messages().size() - 1)
                        .content())
                .build();
        Orchestrator orchestrator = Orchestrator.builder(ScriptedRouter.roles(AgentRole.WORKER, AgentRole.VERIFIER),
                AgentPool.builder(ProviderPool.mock()).mockProvider(mock).build()).build();
        Path file = dir.resolve("parallel.jsonl");
        int runs = 50;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RunResult>> futures = new ArrayList<>();

        // when
        try (JsonlTraceSink sink = JsonlTraceSink.of(file)) {
            for (int i = 0; i < runs; i++) {
                String question = "question-" + i;
                Callable<RunResult> run = () -> {
                    start.await();
                    return orchestrator.run(List.of(Message.user(question)),
                            RunOptions.builder().runId("run-" + question).listener(sink).build());
                };
                futures.add(pool.submit(run));
            }
            start.countDown();
            for (int i = 0; i < runs; i++) {
                RunResult.Success success = (RunResult.Success) futures.get(i).get();
                // then each run saw only its own transcript
                assertThat(success.runId()).isEqualTo("run-question-" + i);
                assertThat(success.latestWorkerResponse()).isEqualTo("answer to question-" + i);
                assertThat(success.text()).isEqualTo("ACCEPT: checked answer to question-" + i);
                assertThat(success.turns()).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }

        // and every line is one whole JSON object, each run's events complete and in order
        ObjectMapper json = new ObjectMapper();
        Map<String, List<String>> perRun = new HashMap<>();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(runs * 14);
        for (String line : lines) {
            JsonNode event = json.readTree(line);
            perRun.computeIfAbsent(event.get("run_id").asText(), k -> new ArrayList<>())
                    .add(event.get("event").asText());
        }
        assertThat(perRun).hasSize(runs);
        assertThat(perRun.values()).allSatisfy(events -> assertThat(events).containsExactly("run_started",
                "turn_started", "slm_extracted", "route_selected", "provider_called", "provider_called",
                "turn_completed", "turn_started", "slm_extracted", "route_selected", "provider_called",
                "provider_called", "turn_completed", "run_completed"));
    }
}
