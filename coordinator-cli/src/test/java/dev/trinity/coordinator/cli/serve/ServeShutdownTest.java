package dev.trinity.coordinator.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CoordinatorCli;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during a request: {@code coordinator serve} runs in its own JVM; a route request waits in the batcher
 * (a long {@code --batch-wait-ms}) when the process gets SIGTERM; the request still gets its answer, and the process
 * stops by itself, saying so.
 */
class ServeShutdownTest {

    @TempDir
    Path dir;

    @Test
    void sigterm_lets_the_request_in_flight_finish_then_stops() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx1g", "-Dai.djl.offline=true",
                "-Dtrinity.root=" + BundledData.root(), "-cp", classpath, CoordinatorCli.class.getName(), "serve",
                "--port", "0", "--batch-wait-ms", "2500", "--train-dir", dir.resolve("training").toString(),
                "--device", "cpu");
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.redirectError(dir.resolve("stderr.txt").toFile());
        Process process = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as(Files.readString(dir.resolve("stderr.txt"))).isNotNull();
            Matcher port = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertThat(port.find()).as(line).isTrue();
            String base = "http://127.0.0.1:" + port.group(1);
            HttpClient client = HttpClient.newHttpClient();

            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
                    URI.create(base + "/v1/route")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"What is 17 + 25?\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // the route waits in the batcher: /metrics counts it, and itself
            ServeTrainingTest.waitFor(() -> active(client, base) >= 2, 30);
            process.destroy(); // SIGTERM

            HttpResponse<String> response = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode route = ServeFixture.JSON.readTree(response.body());
            assertThat(route.get("role_name").asText()).isNotBlank();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the server stops by itself").isTrue();
            String stderr = Files.readString(dir.resolve("stderr.txt"));
            assertThat(stderr).contains("coordinator serve: shutting down").contains("coordinator serve: stopped");
            assertThat(stderr).doesNotContain("Exception");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void shutdown_stops_a_running_training_which_keeps_its_state_and_tells_the_client() throws Exception {
        ServeFixture serve = ServeFixture.startOnSqlite(dir, 2);
        ServeTrainingTest.Frames frames = new ServeTrainingTest.Frames();
        try {
            ServeTrainingTest.connect(serve, "shutdown-demo", frames).sendText(ServeTrainingTest.trainMessage(
                    ServeTrainingTest.training("cmaes", 50)).toString(), true).join();
            ServeTrainingTest.waitFor(() -> frames.events().contains("training_epoch_complete"), 120);
        } finally {
            serve.close(); // returns once the run has stopped and the store is closed
        }
        assertThat(frames.await(30)).isTrue();
        assertThat(frames.last().get("status").asText()).isEqualTo("cancelled");
        assertThat(frames.last().get("reason").asText()).startsWith("the server is shutting down");
        try (CheckpointStore reopened = CheckpointStores.sqlite(dir.resolve("checkpoints.sqlite"))) {
            assertThat(reopened.list("shutdown-demo", 200)).isNotEmpty();
            assertThat(reopened.best("shutdown-demo")).isPresent();
        }
    }

    private static double active(HttpClient client, String base) throws Exception {
        String metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<String> lines = new ArrayList<>(metrics.lines().toList());
        for (String line : lines) {
            if (line.startsWith("coordinator_serve_requests_active ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return 0;
    }
}
