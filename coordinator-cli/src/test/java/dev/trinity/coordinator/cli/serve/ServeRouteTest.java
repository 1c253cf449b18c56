package dev.trinity.coordinator.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.cli.CliRun;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coordinator serve} without a token on the bundled tiny router: health, routing (single, many, 50 concurrent
 * requests batched), runs, metrics, and the status codes of bad requests.
 */
class ServeRouteTest {

    @TempDir
    static Path dir;

    static ServeFixture serve;

    @BeforeAll
    static void start() {
        serve = ServeFixture.startOnSqlite(dir, 50);
    }

    @AfterAll
    static void stop() {
        serve.close();
    }

    static String conversation(int i) {
        return "[{\"role\": \"system\", \"content\": \"You coordinate a team of agents.\"}, {\"role\": \"user\", "
                + "\"content\": \"Task " + i + ": what is " + (i * 7) + " + " + (i * 3 + 1) + "?"
                + " ".repeat(i % 5) + "\"}]";
    }

    @Test
    void health_and_readiness_are_json_200() throws Exception {
        HttpResponse<String> health = serve.get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(ServeFixture.json(health).get("status").asText()).isEqualTo("ok");
        HttpResponse<String> ready = serve.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = ServeFixture.json(ready);
        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.get("router").asText()).contains("qwen3-tiny-svf");
        assertThat(body.get("store").asText()).startsWith("sqlite:");
    }

    @Test
    void a_route_is_the_object_route_json_prints() throws Exception {
        Path messages = dir.resolve("messages.json");
        Files.writeString(messages, conversation(3));
        CliRun cli = CliRun.of("route", "--messages", messages.toString(), "--json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();

        HttpResponse<String> response = serve.post("/v1/route", "{\"messages\": " + conversation(3) + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode served = ServeFixture.json(response);
        assertThat(ServeFixture.withoutTimings(served))
                .isEqualTo(ServeFixture.withoutTimings(ServeFixture.JSON.readTree(cli.out())));
        for (String field : List.of("agent_id", "agent_label", "role_id", "role_name", "logits", "margins",
                "transcript_hash", "route_hash")) {
            assertThat(served.has(field)).as(field).isTrue();
        }
    }

    @Test
    void many_conversations_in_one_request_answer_as_each_alone_and_50_concurrent_requests_are_batched()
            throws Exception {
        List<JsonNode> alone = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> response = serve.post("/v1/route", "{\"messages\": " + conversation(i) + "}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            alone.add(ServeFixture.withoutTimings(ServeFixture.json(response)));
        }
        double batchesBefore = batches();

        List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest request = serve.request("/v1/route").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\": " + conversation(i) + "}")).build();
            concurrent.add(serve.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> response = concurrent.get(i).join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            ServeFixture.assertSameRoute(ServeFixture.json(response), alone.get(i), "conversation " + i);
        }
        double batches = batches() - batchesBefore;
        assertThat(batches).as("forwards for 50 concurrent requests").isLessThan(50);

        StringBuilder many = new StringBuilder("{\"conversations\": [");
        for (int i = 0; i < 10; i++) {
            many.append(i == 0 ? "" : ", ").append(conversation(i));
        }
        HttpResponse<String> response = serve.post("/v1/route", many.append("]}").toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ArrayNode routes = (ArrayNode) ServeFixture.json(response).get("routes");
        assertThat(routes).hasSize(10);
        for (int i = 0; i < 10; i++) {
            ServeFixture.assertSameRoute(routes.get(i), alone.get(i), "conversation " + i);
        }
    }

    private static double batches() throws Exception {
        String metrics = serve.get("/metrics").body();
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("coordinator_serve_route_batch_size_conversations_count")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void a_mock_run_answers_its_result_and_trace_events() throws Exception {
        HttpResponse<String> response = serve.post("/v1/runs", "{\"message\": \"What is 17 * 24?\", \"max_turns\": 8, "
                + "\"budgets\": {\"max_provider_calls\": 20}, \"run_id\": \"served-run-1\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ServeFixture.json(response);
        assertThat(body.at("/result/run_id").asText()).isEqualTo("served-run-1");
        assertThat(body.at("/result/ok").asBoolean()).isTrue();
        assertThat(body.at("/result/text").asText()).contains("408");
        assertThat(body.at("/result/turns").size()).isPositive();
        for (JsonNode turn : body.at("/result/turns")) {
            boolean verifier = turn.get("role").asText().equals("Verifier");
            assertThat(turn.get("verifier_status").isNull()).as(turn.toString()).isEqualTo(!verifier);
        }
        List<String> events = new ArrayList<>();
        body.get("events").forEach(e -> events.add(e.get("event").asText()));
        assertThat(events).first().isEqualTo("run_started");
        assertThat(events).last().isEqualTo("run_completed");
        assertThat(events).contains("route_selected", "provider_called", "turn_completed");

        HttpResponse<String> budget = serve.post("/v1/runs", "{\"message\": \"What is 17 * 24?\", "
                + "\"budgets\": {\"max_provider_calls\": 1}}");
        assertThat(budget.statusCode()).isEqualTo(200);
        assertThat(ServeFixture.json(budget).at("/result/status").asText()).isEqualTo("failed");
        assertThat(ServeFixture.json(budget).at("/result/failure/kind").asText()).isEqualTo("budget_exceeded");
        assertThat(ServeFixture.json(budget).at("/result/failure/message").asText()).isEqualTo("budget_exceeded: "
                + "the provider_calls budget ran out at turn 1 (before_dispatch): 2 against a limit of 1");

        assertThat(serve.post("/v1/runs", "{\"message\": \"x\", \"budgets\": {\"max_coffee\": 1}}").statusCode())
                .isEqualTo(400);
        assertThat(serve.post("/v1/runs", "{\"message\": \"x\", \"messages\": []}").statusCode()).isEqualTo(400);
    }

    @Test
    void metrics_are_prometheus_text_with_http_timers_and_batch_sizes() throws Exception {
        serve.post("/v1/route", "{\"messages\": " + conversation(1) + "}");
        serve.get("/no/such/path/" + System.nanoTime());
        HttpResponse<String> metrics = serve.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("# TYPE http_server_requests_seconds")
                .contains("http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"200\","
                        + "uri=\"/v1/route\"}")
                .contains("uri=\"NOT_FOUND\"")
                .contains("coordinator_serve_route_batch_size_conversations_bucket");
        // bounded tags: no raw unknown path ever becomes a tag value
        assertThat(metrics.body()).doesNotContain("/no/such/path");
    }

    @Test
    void the_prefix_cache_is_on_and_shared_a_system_prompt_is_computed_once() throws Exception {
        String system = "{\"role\": \"system\", \"content\": \"You route tasks for a team: " + "plan, solve, check. ".repeat(8)
                + "\"}";
        double before = metric("coordinator_serve_prefix_cache_reused_tokens_total");
        assertThat(serve.post("/v1/route", "{\"messages\": [" + system + ", {\"role\": \"user\", \"content\": "
                + "\"What is 2 + 2?\"}]}").statusCode()).isEqualTo(200);
        assertThat(serve.post("/v1/route", "{\"messages\": [" + system + ", {\"role\": \"user\", \"content\": "
                + "\"Prove that 7 is prime.\"}]}").statusCode()).isEqualTo(200);
        assertThat(metric("coordinator_serve_prefix_cache_capacity_bytes")).isEqualTo(2048.0 * (1 << 20));
        // the second request reuses the system prompt's tokens (about 60) that the first computed
        assertThat(metric("coordinator_serve_prefix_cache_reused_tokens_total") - before).isGreaterThan(40);
    }

    private static double metric(String series) throws Exception {
        for (String line : serve.get("/metrics").body().lines().toList()) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no " + series + " in /metrics");
    }

    @Test
    void bad_requests_get_one_line_json_errors() throws Exception {
        HttpResponse<String> malformed = serve.post("/v1/route", "{\"messages\": [");
        assertThat(malformed.statusCode()).isEqualTo(400);
        String error = ServeFixture.json(malformed).get("error").asText();
        assertThat(error).startsWith("malformed JSON: ").doesNotContain("\n").doesNotContain("Source:")
                .doesNotContain("at com.").doesNotContain("Exception");

        assertThat(serve.post("/v1/route", "{\"messages\": []}").statusCode()).isEqualTo(400);
        assertThat(serve.post("/v1/route", "{\"messages\": [{\"role\": \"user\"}]}").statusCode()).isEqualTo(400);
        assertThat(serve.post("/v1/route", "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(serve.post("/v1/route", "").statusCode()).isEqualTo(400);

        HttpResponse<String> unknown = serve.get("/v2/nothing");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ServeFixture.json(unknown).get("error").asText()).isEqualTo("no such endpoint: GET /v2/nothing");

        String huge = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "a".repeat(1 << 20) + "\"}]}";
        HttpResponse<String> tooLarge = serve.post("/v1/route", huge);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(ServeFixture.json(tooLarge).get("error").asText()).contains("1048576 bytes");

        ObjectNode fits = ServeFixture.JSON.createObjectNode();
        fits.putArray("messages").addObject().put("role", "user").put("content", "a".repeat(2000));
        assertThat(serve.post("/v1/route", fits.toString()).statusCode()).isEqualTo(200);
    }
}
