package dev.trinity.coordinator.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.cli.BundledData;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's training surface on {@code coordinator serve}: the websocket drives the real trainer on the tiny
 * model and streams its events; the checkpoints are then readable over REST; a client that disconnects cancels its
 * run with the store consistent. The store is a real SQLite file ({@link ServeTrainingPostgresTest}: PostgreSQL).
 */
class ServeTrainingTest {

    @TempDir
    static Path dir;

    static ServeFixture serve;

    @BeforeAll
    static void start() {
        serve = ServeFixture.startOnSqlite(dir, 2);
    }

    @AfterAll
    static void stop() {
        serve.close();
    }

    /** A {@code train.json} of {@code coordinator train} with the demo cases inline and no workflow id. */
    static ObjectNode training(String kind, int epochs) throws Exception {
        ObjectNode config = (ObjectNode) ServeFixture.JSON.readTree(BundledData.resolve(
                "examples/training/train-" + kind + ".json").toFile());
        config.remove("workflow_id");
        config.putObject("dataset").set("cases", ServeFixture.JSON.readTree(BundledData.resolve(
                "examples/training/demo_cases.json").toFile()).get("cases"));
        ((ObjectNode) config.get("optimizer")).put("epochs", epochs);
        return config;
    }

    static ObjectNode trainMessage(ObjectNode training) {
        ObjectNode message = ServeFixture.JSON.createObjectNode();
        message.put("type", "train_workflow");
        message.set("training", training);
        return message;
    }

    /** A websocket client that keeps every text frame and the close. */
    static final class Frames implements WebSocket.Listener {
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(ServeFixture.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.countDown();
        }

        List<String> events() {
            return frames.stream().filter(f -> f.has("event")).map(f -> f.get("event").asText()).toList();
        }

        JsonNode last() {
            return frames.get(frames.size() - 1);
        }

        boolean await(int seconds) throws InterruptedException {
            return closed.await(seconds, TimeUnit.SECONDS);
        }
    }

    static WebSocket connect(ServeFixture serve, String workflow, Frames frames) {
        return serve.client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(serve.base.replace("http", "ws") + "/ws/workflow/" + workflow), frames).join();
    }

    @Test
    void a_websocket_run_streams_the_trainer_events_live_and_its_checkpoints_are_then_readable_over_rest()
            throws Exception {
        trainAndRead(serve, "ws-demo");
    }

    /** Trains {@code workflow} over the websocket (3 supervised epochs), then reads its checkpoints over REST. */
    static void trainAndRead(ServeFixture serve, String workflow) throws Exception {
        Frames frames = new Frames();
        WebSocket socket = connect(serve, workflow, frames);
        socket.sendText(trainMessage(training("supervised", 3)).toString(), true).join();
        assertThat(frames.await(120)).as("the server closes the socket after the run").isTrue();

        List<String> events = frames.events();
        assertThat(frames.frames).allSatisfy(f -> {
            if (f.has("event")) {
                assertThat(f.get("node").asText()).isEqualTo("router_trainer");
                assertThat(f.get("payload").isObject()).isTrue();
            }
        });
        assertThat(events).contains("training_progress", "training_checkpoint", "training_epoch_complete",
                "training_result");
        assertThat(events.indexOf("training_progress")).isLessThan(events.indexOf("training_checkpoint"));
        assertThat(events.indexOf("training_checkpoint")).isLessThan(events.indexOf("training_epoch_complete"));
        assertThat(events.lastIndexOf("training_epoch_complete")).isLessThan(events.indexOf("training_result"));
        assertThat(events.get(events.size() - 1)).isEqualTo("training_result");
        assertThat(frames.last().get("status").asText()).isEqualTo("completed");
        assertThat(events.stream().filter("training_epoch_complete"::equals)).hasSize(3);

        List<JsonNode> announced = frames.frames.stream().filter(f -> "training_checkpoint".equals(
                f.path("event").asText())).map(f -> f.get("payload")).toList();
        HttpResponse<String> list = serve.get("/api/workflows/" + workflow + "/agentensor/checkpoints");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode rows = ServeFixture.json(list);
        assertThat(rows.size()).isEqualTo(announced.size());
        List<Integer> versions = new ArrayList<>();
        rows.forEach(r -> versions.add(r.get("config_version").asInt()));
        assertThat(versions).isSortedAccordingTo((a, b) -> b - a);
        for (String field : List.of("id", "workflow_id", "config_version", "runnable_config", "metrics", "metadata",
                "artifact_url", "created_at", "is_best")) {
            assertThat(rows.get(0).has(field)).as(field).isTrue();
        }
        assertThat(ServeFixture.json(serve.get("/api/workflows/" + workflow + "/agentensor/checkpoints?limit=1")))
                .hasSize(1);
        JsonNode newest = announced.get(announced.size() - 1);
        HttpResponse<String> one = serve.get("/api/workflows/" + workflow + "/agentensor/checkpoints/"
                + newest.get("id").asText());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(ServeFixture.json(one)).isEqualTo(newest);

        HttpResponse<String> other = serve.get("/api/workflows/another-workflow/agentensor/checkpoints/"
                + newest.get("id").asText());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(ServeFixture.json(other).get("error").asText()).isEqualTo("Checkpoint not found");
        assertThat(serve.get("/api/workflows/" + workflow + "/agentensor/checkpoints/no-such-id").statusCode())
                .isEqualTo(404);
        for (String bad : List.of("0", "201", "x")) {
            assertThat(serve.get("/api/workflows/" + workflow + "/agentensor/checkpoints?limit=" + bad).statusCode())
                    .as("limit " + bad).isEqualTo(422);
        }
    }

    @Test
    void invalid_payloads_and_unknown_types_get_the_runbook_errors() throws Exception {
        Frames unknown = new Frames();
        connect(serve, "ws-bad", unknown).sendText("{\"type\": \"dance\"}", true).join();
        assertThat(unknown.await(30)).isTrue();
        assertThat(unknown.frames).hasSize(1);
        assertThat(unknown.last().toString()).isEqualTo("{\"status\":\"error\",\"error\":\"Invalid message type\"}");

        ObjectNode empty = training("supervised", 1);
        ((ObjectNode) empty.get("dataset")).putArray("cases");
        Frames invalid = new Frames();
        connect(serve, "ws-bad", invalid).sendText(trainMessage(empty).toString(), true).join();
        assertThat(invalid.await(30)).isTrue();
        assertThat(invalid.last().get("status").asText()).isEqualTo("error");
        assertThat(invalid.last().get("error").asText()).startsWith("Invalid training payload: ");

        ObjectNode typo = training("supervised", 1);
        typo.put("epochz", 3);
        Frames unknownKey = new Frames();
        connect(serve, "ws-bad", unknownKey).sendText(trainMessage(typo).toString(), true).join();
        assertThat(unknownKey.await(30)).isTrue();
        assertThat(unknownKey.last().get("error").asText()).startsWith("Invalid training payload: ")
                .contains("epochz");

        Frames malformed = new Frames();
        connect(serve, "ws-bad", malformed).sendText("{\"type\": ", true).join();
        assertThat(malformed.await(30)).isTrue();
        assertThat(malformed.last().get("error").asText()).startsWith("Invalid JSON: ");
    }

    @Test
    void a_client_that_disconnects_cancels_its_run_and_the_store_stays_consistent() throws Exception {
        Frames frames = new Frames();
        WebSocket socket = connect(serve, "ws-cancel", frames);
        socket.sendText(trainMessage(training("cmaes", 50)).toString(), true).join();
        waitFor(() -> frames.events().contains("training_epoch_complete"), 120);
        socket.abort(); // the client vanishes mid-run

        waitFor(() -> metric("coordinator_serve_training_runs_total{outcome=\"cancelled\"}") >= 1, 120);
        JsonNode rows = ServeFixture.json(serve.get("/api/workflows/ws-cancel/agentensor/checkpoints?limit=200"));
        assertThat(rows.size()).isBetween(1, 49);
        Set<Integer> versions = new HashSet<>();
        int best = 0;
        for (JsonNode row : rows) {
            versions.add(row.get("config_version").asInt());
            best += row.get("is_best").asBoolean() ? 1 : 0;
        }
        assertThat(versions).hasSize(rows.size());
        assertThat(best).isEqualTo(1);
        try (var folders = Files.list(dir.resolve("training/ws-cancel"))) {
            Path run = folders.findFirst().orElseThrow();
            JsonNode state = ServeFixture.JSON.readTree(run.resolve("state.json").toFile());
            // the resume point: the last completed epoch (the run resumes with its execution_id and "resume": true)
            assertThat(state.get("completed_epochs").asInt()).isBetween(1, 49);
            assertThat(state.get("status").asText()).isIn("running", "stopped");
        }
    }

    double metric(String series) throws Exception {
        for (String line : serve.get("/metrics").body().lines().toList()) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return 0;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.ok()) {
            assertThat(System.nanoTime()).as("waited %d s", seconds).isLessThan(deadline);
            Thread.sleep(50);
        }
    }


}
