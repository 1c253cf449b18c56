package dev.trinity.coordinator.cli.bench;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterLoader;
import dev.trinity.coordinator.adapted.RouterSource;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.eval.PromptEvalCases;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.qwen3.RandomTensorSource;
import dev.trinity.coordinator.route.RoutingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The in-process side of the serve benchmark (not a test; run by hand): the route of the 37 prompt-eval transcripts,
 * round robin, on one thread of its own, as the server's batcher runs it, without HTTP; {@code tools/serve-bench/run.sh}
 * sends the same transcripts through {@code POST /v1/route} with wrk, so the difference of the p50s is the server's
 * overhead. The prefix cache is off, as in run.sh. It also times the same routes on the JVM's main thread.
 *
 * <pre>
 * java -cp ... dev.trinity.coordinator.cli.bench.ServeBenchmark tiny|random-0.6b SECONDS
 * </pre>
 */
public final class ServeBenchmark {

    private ServeBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "tiny";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<List<Message>> conversations = PromptEvalCases.read(BundledData.resolve(
                "examples/fixtures/qwen_router_prompt_eval_cases.json")).cases().stream()
                .map(PromptEvalCase::messages).toList();
        Path work = Files.createTempDirectory("serve-bench");
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).prefixCacheBytes(0).build();
        try (LoadedRouter router = load(which, work, options)) {
            System.out.printf(Locale.ROOT, "in-process route: %s, %d cores, prefix cache off%n", which,
                    Runtime.getRuntime().availableProcessors());
            Thread thread = new Thread(() -> measure("own thread", router, conversations, seconds), "in-process");
            thread.start();
            thread.join();
            measure("main thread", router, conversations, seconds);
        }
    }

    private static LoadedRouter load(String which, Path work, Qwen3Options options) throws Exception {
        if (which.equals("tiny")) {
            return RouterLoader.builder().setSource(RouterSource.bundledTiny(BundledData.root())).optEngine(options)
                    .build().load();
        }
        Path model = work.resolve("qwen3-0.6b-random");
        try (RandomTensorSource random = new RandomTensorSource(Qwen3Config.qwen3_0_6b(), 42)) {
            random.writeModelFolder(Qwen3Config.qwen3_0_6b(), model);
        }
        for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(BundledData.resolve(BundledData.TINY_MODEL).resolve(file), model.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return RouterLoader.builder().setSource(RouterSource.routerVector(BundledData.resolve(
                "priv/sakana/trinity_router_es_vector.safetensors")).withModelDir(model)).optEngine(options).build()
                .load();
    }

    private static void measure(String where, LoadedRouter router, List<List<Message>> conversations, int seconds) {
        for (List<Message> conversation : conversations) {
            router.conversationRouter().route(conversation, RoutingOptions.defaults()); // warm-up
        }
        List<Double> ms = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; System.nanoTime() < until || ms.size() < conversations.size(); i++) {
            long start = System.nanoTime();
            router.conversationRouter().route(conversations.get(i % conversations.size()), RoutingOptions.defaults());
            ms.add((System.nanoTime() - start) / 1e6);
        }
        System.out.printf(Locale.ROOT, "%s: %d routes, p50 %.2f ms, p99 %.2f ms, %.1f routes/s%n", where,
                ms.size(), percentile(ms, 50), percentile(ms, 99),
                1000 / ms.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }

    private static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
