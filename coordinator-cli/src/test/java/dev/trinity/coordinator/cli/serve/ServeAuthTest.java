package dev.trinity.coordinator.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.cli.CliRun;
import dev.trinity.coordinator.train.store.CheckpointStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coordinator serve --token-env}: every endpoint but {@code /healthz} needs the bearer token, websocket
 * upgrades included; the token never appears in an answer; a non-loopback bind needs a token; {@code /readyz} is 503
 * while the store's schema is not migrated.
 */
class ServeAuthTest {

    static final String TOKEN = "s3cret-t0ken-for-tests";

    @TempDir
    static Path dir;

    static ServeFixture serve;

    @BeforeAll
    static void start() {
        // a fresh SQLite file, not migrated: readiness says so
        serve = ServeFixture.start(CheckpointStores.sqlite(dir.resolve("fresh.sqlite")), TOKEN, 2,
                dir.resolve("training"));
    }

    @AfterAll
    static void stop() {
        serve.close();
    }

    HttpResponse<String> send(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serve.base + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return serve.client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_endpoint_but_healthz_needs_the_token() throws Exception {
        assertThat(send("/healthz", null).statusCode()).isEqualTo(200);
        for (String path : new String[] {"/readyz", "/metrics", "/api/workflows/w/agentensor/checkpoints",
            "/api/workflows/w/agentensor/checkpoints/x", "/no/such/path"}) {
            for (String wrong : new String[] {null, "Bearer", "Bearer wrong", "Bearer " + TOKEN + "x", TOKEN,
                "Basic " + TOKEN}) {
                HttpResponse<String> response = send(path, wrong);
                assertThat(response.statusCode()).as(path + " with " + wrong).isEqualTo(401);
                assertThat(response.body()).doesNotContain(TOKEN);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            }
        }
        HttpResponse<String> post = serve.client.send(HttpRequest.newBuilder(URI.create(serve.base + "/v1/route"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(401);

        assertThat(send("/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(send("/api/workflows/w/agentensor/checkpoints/x", "bearer " + TOKEN).statusCode())
                .as("authorised; the store has no table yet").isEqualTo(503);
        assertThat(serve.post("/v1/route", "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}")
                .statusCode()).isEqualTo(200);
        String metrics = send("/metrics", "Bearer " + TOKEN).body();
        assertThat(metrics).doesNotContain(TOKEN);
        // refused requests are counted out again: only this /metrics request is in flight
        assertThat(metrics).contains("coordinator_serve_requests_active 1.0");
        assertThat(metrics).contains("status=\"401\"");
    }

    @Test
    void readiness_is_503_while_the_store_is_not_migrated() throws Exception {
        HttpResponse<String> ready = send("/readyz", "Bearer " + TOKEN);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ServeFixture.json(ready).get("status").asText()).isEqualTo("not_ready");
        assertThat(ServeFixture.json(ready).get("reason").asText()).contains("checkpoints migrate");
    }

    @Test
    void a_websocket_upgrade_without_the_token_is_refused() {
        WebSocket.Listener listener = new WebSocket.Listener() {
        };
        assertThatThrownBy(() -> serve.client.newWebSocketBuilder()
                .buildAsync(URI.create(serve.base.replace("http", "ws") + "/ws/workflow/w"), listener).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
        WebSocket socket = serve.client.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(URI.create(serve.base.replace("http", "ws") + "/ws/workflow/w"), listener).join();
        socket.abort();
    }

    @Test
    void a_non_loopback_bind_without_a_token_is_refused() {
        assertThatThrownBy(() -> new ServeSettings("0.0.0.0", 0, null, 1024, 1, 0, 0, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token-env");
        assertThat(new ServeSettings("0.0.0.0", 0, TOKEN, 1024, 1, 0, 0, null, false).toString())
                .doesNotContain(TOKEN);
        CliRun run = CliRun.of("serve", "--host", "0.0.0.0", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("coordinator serve: binding 0.0.0.0").contains("--token-env")
                .doesNotContain("\n");
        CliRun missing = CliRun.of("serve", "--token-env", "TRINITY_NO_SUCH_VARIABLE_X", "--port", "0");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("TRINITY_NO_SUCH_VARIABLE_X").contains("not set");
    }
}
