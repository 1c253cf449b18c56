package dev.trinity.coordinator.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.Orchestrator;
import dev.trinity.coordinator.loop.RunEvent;
import dev.trinity.coordinator.loop.RunListener;
import dev.trinity.coordinator.loop.RunOptions;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.testing.RecordingListener;
import dev.trinity.coordinator.testing.ScriptedRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlTraceSinkTest {

    @TempDir
    Path dir;

    private static TraceEvent event(EventType type, Map<String, Object> fields) {
        return new TraceEvent(type, "r1", 1_700_000_000_000L, fields);
    }

    @Test
    void should_write_one_json_object_per_line_creating_parent_directories() throws Exception {
        Path file = dir.resolve("a/b/trace.jsonl");
        try (JsonlTraceSink sink = JsonlTraceSink.of(file)) {
            sink.write(event(EventType.RUN_STARTED, Map.of("max_turns", 5)));
            sink.write(event(EventType.RUN_FAILED, Map.of("reason", "x", "event", "spoofed")));

            // flushed per event: readable before close
            assertThat(Files.readAllLines(file)).hasSize(2);
        }
        List<String> lines = Files.readAllLines(file);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(first.get("event").asText()).isEqualTo("run_started");
        assertThat(first.get("run_id").asText()).isEqualTo("r1");
        assertThat(first.get("schema_version").asInt()).isEqualTo(1);
        assertThat(first.get("timestamp_ms").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(first.get("max_turns").asInt()).isEqualTo(5);
        assertThat(second.get("event").asText()).isEqualTo("run_failed");
    }

    @Test
    void should_append_to_an_existing_file() throws Exception {
        Path file = dir.resolve("trace.jsonl");
        Files.writeString(file, "{\"old\":true}\n");
        try (JsonlTraceSink sink = JsonlTraceSink.of(file)) {
            sink.write(event(EventType.RUN_STARTED, Map.of()));
        }
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("{\"old\":true}");
    }

    @Test
    void should_rotate_by_size_without_losing_lines() throws Exception {
        Path file = dir.resolve("trace.jsonl");
        try (JsonlTraceSink sink = JsonlTraceSink.builder(file).rotation(Rotation.size(300)).build()) {
            for (int i = 0; i < 10; i++) {
                sink.write(event(EventType.TURN_STARTED, Map.of("turn", i, "pad", "x".repeat(80))));
            }
        }
        long total = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                assertThat(Files.size(p)).isLessThanOrEqualTo(300);
                total += Files.readAllLines(p).size();
            }
        }
        assertThat(total).isEqualTo(10);
        assertThat(dir.resolve("trace.jsonl.1")).exists();
    }

    @Test
    void should_rotate_daily_by_the_clock() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-05-20T10:00:00Z"), ZoneOffset.UTC);
        Path file = dir.resolve("trace.jsonl");
        try (JsonlTraceSink sink = JsonlTraceSink.builder(file).rotation(Rotation.daily()).clock(clock).build()) {
            sink.write(event(EventType.RUN_STARTED, Map.of()));
            assertThat(sink.currentPath()).isEqualTo(dir.resolve("trace-2026-05-20.jsonl"));
        }
        assertThat(Files.readAllLines(dir.resolve("trace-2026-05-20.jsonl"))).hasSize(1);
    }

    @Test
    void should_never_let_a_failing_listener_fail_the_run() {
        // given a listener that throws on every event, before one that records the wire events
        RecordingListener seen = new RecordingListener();
        Orchestrator orchestrator = Orchestrator.builder(ScriptedRouter.of(messages -> {
            throw new IllegalStateException("router down, api_key sk-secret-1");
        }), AgentPool.builder(ProviderPool.mock()).build()).listener(new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                throw new IllegalStateException("disk full");
            }
        }).listener(seen).build();

        // when
        RunResult result = orchestrator.run(List.of(Message.user("q")),
                RunOptions.builder().redactionValues(List.of("sk-secret-1")).build());

        // then the run ends as it would without the listener, and the next listener saw its redacted events
        assertThat(result.ok()).isFalse();
        assertThat(seen.types()).containsExactly(EventType.RUN_STARTED, EventType.TURN_STARTED, EventType.RUN_FAILED);
        assertThat(seen.of(EventType.RUN_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.get("details").toString()).contains("<redacted>")
                        .doesNotContain("sk-secret-1"));
    }

    @Test
    void should_open_the_file_up_front_and_say_why_a_path_cannot_be_written() throws IOException {
        Path trace = dir.resolve("deep/er/run.jsonl");
        try (JsonlTraceSink sink = JsonlTraceSink.of(trace).open()) {
            assertThat(trace).exists().isEmptyFile();
            assertThat(sink.lines()).isZero();
        }
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> JsonlTraceSink.of(file.resolve("run.jsonl")).open()).isInstanceOf(IOException.class)
                .hasMessage("cannot write trace file " + file.resolve("run.jsonl") + ": " + file
                        + " is a file, not a directory");
        assertThatThrownBy(() -> JsonlTraceSink.of(dir).open())
                .hasMessage("cannot write trace file " + dir + ": it is a directory");
    }

    @Test
    void should_say_which_folder_cannot_be_created_rather_than_only_echo_a_path() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "needs Linux's /proc, where no folder can be made");
        Path trace = proc.resolve("trinity-no-such-folder/run.jsonl");
        assertThatThrownBy(() -> JsonlTraceSink.of(trace).open()).isInstanceOf(IOException.class)
                .hasMessage("cannot write trace file " + trace + ": cannot create " + trace.getParent());
    }

    @Test
    void should_name_events_in_lowercase_and_parse_content_modes() {
        assertThat(EventType.PROVIDER_CALLED.wireName()).isEqualTo("provider_called");
        assertThat(TraceContent.parse(" FULL ")).isEqualTo(TraceContent.FULL);
        assertThatThrownBy(() -> TraceContent.parse("all"))
                .hasMessageContaining("hash or full");
    }
}
