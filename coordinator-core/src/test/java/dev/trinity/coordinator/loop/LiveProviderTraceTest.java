package dev.trinity.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.CredentialSource;
import dev.trinity.coordinator.pool.PoolFile;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.provider.ProviderDispatcher;
import dev.trinity.coordinator.provider.RetryPolicy;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.testing.ScriptedRouter;
import dev.trinity.coordinator.trace.JsonlTraceSink;
import dev.trinity.coordinator.trace.TraceContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run against an OpenAI-compatible MockWebServer pool; the written trace must not hold the secret. */
class LiveProviderTraceTest {

    private static final String SECRET = "sk-proj-TOPSECRET-0123456789";

    @TempDir
    Path dir;
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Orchestrator orchestrator() {
        String json = "{\"name\": \"local\", \"defaults\": {\"provider\": \"openai-compatible\", \"base_url\": \""
                + server.url("/v1") + "\", \"model\": \"tiny\", \"api_key_env\": \"LOCAL_KEY\"}}";
        ProviderPool pool = PoolFile.parse(json, "local.json", 7);
        AgentPool agents = AgentPool.builder(pool).credentials(CredentialSource.of(Map.of("LOCAL_KEY", SECRET)))
                .build();
        return Orchestrator.builder(ScriptedRouter.roles(AgentRole.WORKER, AgentRole.VERIFIER), agents)
                .dispatcher(new ProviderDispatcher(RetryPolicy.NONE, d -> { })).build();
    }

    @Test
    void should_never_write_the_credential_to_the_trace_even_when_the_server_echoes_it() throws Exception {
        // given a server that echoes the key back in its 401 body
        server.enqueue(new MockResponse.Builder().code(401)
                .body("{\"error\": \"Incorrect API key provided: " + SECRET + "\"}").build());
        Path file = dir.resolve("traces/run.jsonl");

        // when
        RunResult result;
        try (JsonlTraceSink sink = JsonlTraceSink.of(file)) {
            result = orchestrator().run(List.of(Message.user("hi")), RunOptions.builder().runId("live")
                    .traceContent(TraceContent.FULL).listener(sink).build());
        }

        // then
        assertThat(result).isInstanceOf(RunResult.Failure.class);
        RunResult.Failure failure = (RunResult.Failure) result;
        assertThat(failure.kind().wireName()).isEqualTo("provider_authentication_failed");
        assertThat(failure.details().toString()).doesNotContain(SECRET).contains("<redacted>");
        String trace = Files.readString(file);
        assertThat(trace).doesNotContain(SECRET).doesNotContain("TOPSECRET").contains("<redacted>");
        assertThat(Files.readAllLines(file)).hasSize(7);
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
    }

    @Test
    void should_complete_a_worker_then_verifier_run_over_http() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(
                "{\"choices\":[{\"message\":{\"content\":\"Result: 42\"}}]}").build());
        server.enqueue(new MockResponse.Builder().code(200).body(
                "{\"choices\":[{\"message\":{\"content\":\"ACCEPT: correct\"}}]}").build());
        Path file = dir.resolve("run.jsonl");

        RunResult result;
        try (JsonlTraceSink sink = JsonlTraceSink.of(file)) {
            result = orchestrator().run(List.of(Message.user("6*7?")), RunOptions.builder().listener(sink)
                    .build());
        }

        RunResult.Success success = (RunResult.Success) result;
        assertThat(success.text()).isEqualTo("ACCEPT: correct");
        assertThat(success.latestWorkerResponse()).isEqualTo("Result: 42");
        assertThat(success.turns()).extracting(t -> t.provider().wireName() + "/" + t.model())
                .containsExactly("openai-compatible/tiny", "openai-compatible/tiny");
        assertThat(Files.readString(file)).contains("\"provider_mode\":\"live\"").doesNotContain(SECRET);
    }
}
