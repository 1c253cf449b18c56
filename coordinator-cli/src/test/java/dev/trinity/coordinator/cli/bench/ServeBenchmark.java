package dev.trinity.coordinator.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterLoader;
import dev.trinity.coordinator.bundled.BundledData;
import dev.trinity.coordinator.cli.serve.CoordinatorServer;
import dev.trinity.coordinator.cli.serve.ServeSettings;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.eval.PromptEvalCases;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPools;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.qwen3.RandomTensorSource;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Measures {@code coordinator serve}'s {@code POST /v1/route} (not a test; run by hand): routes per second and
 * p50/p99 latency with 1, 8 and 32 concurrent clients, batching off ({@code --max-batch 1}) and on
 * ({@code --max-batch 32 --batch-wait-ms 2}), the same requests (the 37 prompt-eval transcripts, round robin), on
 * loopback with Java's HTTP client in the same JVM; and the in-process route of the same transcripts, for the
 * server's overhead. The prefix cache is off so every request runs its forward.
 *
 * <pre>
 * java -cp ... dev.trinity.coordinator.cli.bench.ServeBenchmark tiny|random-0.6b SECONDS [1,8,32]
 * </pre>
 */
public final class ServeBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServeBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "tiny";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int[] clients = Arrays.stream((args.length > 2 ? args[2] : "1,8,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        List<List<Message>> conversations = PromptEvalCases.read(BundledData.resolve(
                "examples/fixtures/qwen_router_prompt_eval_cases.json")).cases().stream()
                .map(PromptEvalCase::messages).toList();
        List<String> bodies = new ArrayList<>();
        for (List<Message> conversation : conversations) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode messages = body.putArray("messages");
            conversation.forEach(m -> messages.addObject().put("role", m.role().wireName())
                    .put("content", m.content()));
            bodies.add(body.toString());
        }
        Path work = Files.createTempDirectory("serve-bench");
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).prefixCacheBytes(0).build();
        try (LoadedRouter router = load(which, work, options)) {
            System.out.printf(Locale.ROOT, "serve benchmark: %s, %d cores, %d s per cell, prefix cache off%n",
                    which, Runtime.getRuntime().availableProcessors(), seconds);
            // on a thread of its own, as the server's batcher: libtorch runs slower on the JVM's main thread here
            Thread inProcess = new Thread(() -> inProcess(router, conversations), "in-process");
            inProcess.start();
            inProcess.join();
            for (int maxBatch : new int[] {1, 32}) {
                CheckpointStore store = CheckpointStores.sqlite(work.resolve("store-" + maxBatch + ".sqlite"));
                store.migrate();
                ServeSettings settings = new ServeSettings("127.0.0.1", 0, null, ServeSettings.DEFAULT_MAX_BODY_BYTES,
                        maxBatch, 2, 10_000, work.resolve("training"), false);
                AgentPool pool = AgentPool.builder(ProviderPools.resolve("mock"))
                        .mockProvider(MockChatProvider.rolePlaying()).build();
                try (CoordinatorServer server = CoordinatorServer.builder(router, settings).store(store).pool(pool)
                        .trainingRouters(s -> {
                            throw new IllegalStateException("no training in the benchmark");
                        }).closeRouter(false).build().start()) {
                    for (int n : clients) {
                        load(server.port(), bodies, n, seconds, maxBatch);
                    }
                }
            }
        }
    }

    private static LoadedRouter load(String which, Path work, Qwen3Options options) throws Exception {
        if (which.equals("tiny")) {
            return RouterLoader.fromRouterVector(BundledData.resolve(BundledData.TINY_MODEL),
                    BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors"), null, true, options,
                    m -> { });
        }
        Path model = work.resolve("qwen3-0.6b-random");
        try (RandomTensorSource random = new RandomTensorSource(Qwen3Config.qwen3_0_6b(), 42)) {
            random.writeModelFolder(Qwen3Config.qwen3_0_6b(), model);
        }
        for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(BundledData.resolve(BundledData.TINY_MODEL).resolve(file), model.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return RouterLoader.fromRouterVector(model, BundledData.resolve(
                "priv/sakana/trinity_router_es_vector.safetensors"), null, true, options, m -> { });
    }

    private static void inProcess(LoadedRouter router, List<List<Message>> conversations) {
        for (List<Message> conversation : conversations) {
            router.router().route(conversation, RoutingOptions.defaults()); // warm-up
        }
        List<Double> ms = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int i = 0; System.nanoTime() < until || ms.size() < conversations.size(); i++) {
            long start = System.nanoTime();
            router.router().route(conversations.get(i % conversations.size()), RoutingOptions.defaults());
            ms.add((System.nanoTime() - start) / 1e6);
        }
        System.out.printf(Locale.ROOT, "in-process route: %d routes, p50 %.2f ms, p99 %.2f ms, %.1f routes/s%n",
                ms.size(), percentile(ms, 50), percentile(ms, 99), 1000 / mean(ms));
    }

    private static void load(int port, List<String> bodies, int clients, int seconds, int maxBatch)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/route");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long until = warmUntil + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<List<Double>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c * 7;
            results.add(pool.submit(() -> {
                List<Double> ms = new ArrayList<>();
                for (int i = offset; System.nanoTime() < until; i++) {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();
                    long start = System.nanoTime();
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    long end = System.nanoTime();
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(response.statusCode() + " " + response.body());
                    }
                    if (start >= warmUntil && end <= until) {
                        ms.add((end - start) / 1e6);
                    }
                }
                return ms;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "batching %-3s (max-batch %2d), %2d clients: %6d routes, %7.1f routes/s, "
                        + "p50 %7.2f ms, p99 %7.2f ms%n", maxBatch == 1 ? "off" : "on", maxBatch, clients, all.size(),
                all.size() / (double) seconds, percentile(all, 50), percentile(all, 99));
    }

    private static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
