package dev.trinity.coordinator.bench;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.Orchestrator;
import dev.trinity.coordinator.loop.RouteExtraction;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.loop.RunOptions;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.TurnRoute;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.trace.EventType;
import dev.trinity.coordinator.trace.JsonlTraceSink;
import dev.trinity.coordinator.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loop overhead per turn (fixed router, instant mock provider) and JSONL trace throughput.
 *
 * <p>Not a test: run it by hand, once, on a quiet machine:
 * {@code java -cp coordinator-core/target/test-classes:coordinator-core/target/classes:<deps>
 * dev.trinity.coordinator.bench.LoopBenchmark}.
 */
public final class LoopBenchmark {

    private static final int TURNS = 5;

    private LoopBenchmark() {
    }

    /** Runs the benchmark and prints the numbers. */
    public static void main(String[] args) throws Exception {
        TurnRoute route = TurnRoute.of(0, AgentRole.WORKER.id(), new float[] {3f, 1f, 0f, 0f, 0f, 0f, 0f},
                new float[] {2f, 0.5f, 0.1f}, "argmax", null,
                new RouteExtraction(new int[] {1, 1024}, new int[] {1, 16, 1024}, "bench", 16, 0.0));
        Router router = messages -> route;
        MockChatProvider mock = MockChatProvider.builder().reply(AgentRole.WORKER, "Result: 6 * 7 = 42.").build();
        Orchestrator orchestrator = Orchestrator.builder(router,
                AgentPool.builder(ProviderPool.mock()).mockProvider(mock).build()).build();
        List<Message> conversation = List.of(Message.user("What is 6 * 7? Answer briefly."));

        Path dir = Files.createTempDirectory("loop-bench");
        report("no trace listener", perTurnMicros(orchestrator, conversation, null));
        try (JsonlTraceSink sink = JsonlTraceSink.of(dir.resolve("bench.jsonl"))) {
            report("JSONL trace (hash)", perTurnMicros(orchestrator, conversation, sink));
        }
        traceThroughput(dir.resolve("throughput.jsonl"));
    }

    private static double[] perTurnMicros(Orchestrator orchestrator, List<Message> conversation,
                                          JsonlTraceSink sink) {
        int warmup = 3_000;
        int measured = 2_000;
        double[] samples = new double[measured];
        for (int i = 0; i < warmup + measured; i++) {
            RunOptions.Builder options = RunOptions.builder().maxTurns(TURNS).runId("bench");
            if (sink != null) {
                options.listener(sink);
            }
            long start = System.nanoTime();
            RunResult result = orchestrator.run(conversation, options.build());
            long elapsed = System.nanoTime() - start;
            if (!result.ok() || result.turns().size() != TURNS) {
                throw new IllegalStateException("unexpected result " + result);
            }
            if (i >= warmup) {
                samples[i - warmup] = elapsed / 1e3 / TURNS;
            }
        }
        Arrays.sort(samples);
        return samples;
    }

    private static void report(String name, double[] sorted) {
        System.out.printf("loop overhead per turn, %-20s median %.1f us, p90 %.1f us, p99 %.1f us (%d runs x %d "
                + "turns)%n", name, sorted[sorted.length / 2], sorted[sorted.length * 9 / 10],
                sorted[sorted.length * 99 / 100], sorted.length, TURNS);
    }

    private static void traceThroughput(Path file) throws Exception {
        Map<String, Object> fields = Map.of("turn", 3, "transcript_hash", "a".repeat(64), "selected_agent", 2,
                "selected_role", "Worker", "provider", "openai-compatible", "provider_model", "gpt-4o-mini",
                "logits", List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
                "route_decision", Map.of("agent_id", 2, "role_id", 0, "margins", Map.of("agent", 0.5, "role", 1.1)));
        TraceEvent event = new TraceEvent(EventType.TURN_COMPLETED, "bench", 1L, fields);
        int events = 200_000;
        try (JsonlTraceSink sink = JsonlTraceSink.of(file)) {
            for (int i = 0; i < 20_000; i++) {
                sink.write(event);
            }
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                sink.write(event);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long bytes = Files.size(file);
            System.out.printf("trace write throughput: %.0f events/s, %.1f MB/s (%d events of %d bytes, "
                    + "flushed per event)%n", events / seconds, bytes * (events / 220_000.0) / seconds / 1e6, events,
                    bytes / 220_000);
        }
    }
}
