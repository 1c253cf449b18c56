package dev.trinity.coordinator.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.cli.StatusLine;
import dev.trinity.coordinator.cli.options.DeviceOptions;
import dev.trinity.coordinator.cli.options.RouterLoading;
import dev.trinity.coordinator.cli.options.RouterSpec;
import dev.trinity.coordinator.cli.train.TrainCommand;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPools;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** A real {@code coordinator serve} on an ephemeral loopback port with the bundled tiny router, for tests. */
final class ServeFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final CoordinatorServer server;
    final HttpClient client = HttpClient.newHttpClient();
    final String base;
    private final String token;

    private ServeFixture(CoordinatorServer server, String token) {
        this.server = server;
        this.token = token;
        this.base = "http://127.0.0.1:" + server.port();
    }

    /**
     * Starts a server on a freshly migrated SQLite store {@code DIR/checkpoints.sqlite}, training under
     * {@code DIR/training}, without a token.
     *
     * @param dir the test's folder
     * @param batchWaitMs the batch wait
     */
    static ServeFixture startOnSqlite(Path dir, long batchWaitMs) {
        CheckpointStore store = CheckpointStores.sqlite(dir.resolve("checkpoints.sqlite"));
        store.migrate();
        return start(store, null, batchWaitMs, dir.resolve("training"));
    }

    /**
     * Starts a server.
     *
     * @param store the checkpoint store (the server closes it)
     * @param token the bearer token, or null
     * @param batchWaitMs the batch wait
     * @param trainDir where training runs write
     */
    static ServeFixture start(CheckpointStore store, String token, long batchWaitMs, Path trainDir) {
        return start(store, token, batchWaitMs, trainDir, 16, DeviceOptions.parse("cpu", "fp32", 0));
    }

    /**
     * Starts a server that answers bit for bit like {@code coordinator route --json}: no batching, no prefix cache.
     *
     * @param dir the test's folder
     */
    static ServeFixture startExact(Path dir) {
        CheckpointStore store = CheckpointStores.sqlite(dir.resolve("checkpoints.sqlite"));
        store.migrate();
        return start(store, null, 2, dir.resolve("training"), 1,
                DeviceOptions.parse("cpu", "fp32", 0).prefixCacheBytes(0));
    }

    private static ServeFixture start(CheckpointStore store, String token, long batchWaitMs, Path trainDir,
                                      int maxBatch, Qwen3Options.Builder engine) {
        LoadedRouter router = RouterLoading.load(new RouterSpec(null, null, null, null, engine.build(), null),
                new PrintWriter(Writer.nullWriter()));
        ServeSettings settings = new ServeSettings("127.0.0.1", 0, token, ServeSettings.DEFAULT_MAX_BODY_BYTES,
                maxBatch, batchWaitMs, 20_000, trainDir, false);
        AgentPool pool = AgentPool.builder(ProviderPools.resolve("mock")).mockProvider(MockChatProvider.rolePlaying())
                .build();
        CoordinatorServer server = CoordinatorServer.builder(router, settings).store(store).pool(pool)
                .trainingRouters(s -> TrainCommand.loadRouter(s, new StatusLine(new PrintWriter(Writer.nullWriter()))))
                .build().start();
        return new ServeFixture(server, token);
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** A route's JSON without its timings, which differ from call to call. */
    static JsonNode withoutTimings(JsonNode route) {
        ObjectNode copy = route.deepCopy();
        copy.remove("timings_ms");
        return copy;
    }

    /** The float fields of a route: they carry the engine's rounding, which a batched forward changes. */
    static final java.util.List<String> FLOAT_FIELDS = java.util.List.of("logits", "agent_logits", "role_logits",
            "margins", "probabilities", "route_hash");

    /**
     * Asserts a batched route answers as routing alone: the same decision, tokens and transcript hashes exactly, and
     * logits within float rounding (a batched forward sums in another order; {@code route_hash} rounds the logits to
     * 6 decimals, so it can differ in a batch: docs/serve.md).
     */
    static void assertSameRoute(JsonNode batched, JsonNode alone, String what) {
        ObjectNode a = (ObjectNode) withoutTimings(batched);
        ObjectNode b = (ObjectNode) withoutTimings(alone);
        JsonNode logitsA = a.get("logits");
        JsonNode logitsB = b.get("logits");
        org.assertj.core.api.Assertions.assertThat(logitsA.size()).as(what).isEqualTo(logitsB.size());
        for (int i = 0; i < logitsA.size(); i++) {
            org.assertj.core.api.Assertions.assertThat(logitsA.get(i).asDouble()).as(what + " logit " + i)
                    .isCloseTo(logitsB.get(i).asDouble(), org.assertj.core.api.Assertions.within(1e-4));
        }
        a.remove(FLOAT_FIELDS);
        b.remove(FLOAT_FIELDS);
        org.assertj.core.api.Assertions.assertThat(a).as(what).isEqualTo(b);
    }

    @Override
    public void close() {
        server.close();
    }
}
