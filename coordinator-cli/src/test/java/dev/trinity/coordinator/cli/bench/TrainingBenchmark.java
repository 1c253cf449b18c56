package dev.trinity.coordinator.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.QwenTrainableRouter;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Extractor;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.qwen3.RandomTensorSource;
import dev.trinity.coordinator.route.HiddenState;
import dev.trinity.coordinator.route.HiddenStateExtractor;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import dev.trinity.coordinator.svf.SvfSelection;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import dev.trinity.coordinator.train.HiddenStateCache;
import dev.trinity.coordinator.train.TrainableRouter;
import dev.trinity.coordinator.train.Trainer;
import dev.trinity.coordinator.train.TrainingConfig;
import dev.trinity.coordinator.train.TrainingResult;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The training numbers of issue 13 (not a test; run by hand, one phase per JVM so each peak RSS is its own):
 * <ul>
 * <li>{@code extract N}: batched hidden-state extraction of N synthetic cases (9-40 tokens) with random
 * Qwen3-0.6B-shaped weights, through the hidden-state cache;</li>
 * <li>{@code supervised} / {@code cmaes}: the head-only trainers end to end (events, SQLite checkpoints every
 * epoch) on 1,000 cached cases of hidden size 1024 for 50 epochs; sep-CMA-ES with population 32 and 2 generations
 * per epoch (32 x 100);</li>
 * <li>{@code svf K}: head+svf, the cost of K candidates (SVF at load time, model load, extraction of 16 cases)
 * with random Qwen3-0.6B-shaped weights written to disk once.</li>
 * </ul>
 * <pre>
 * java -Xmx8g -cp ... dev.trinity.coordinator.cli.bench.TrainingBenchmark extract 1000 | supervised | cmaes | svf 2
 * </pre>
 */
public final class TrainingBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOPICS = {"Give the number.", "Plan the code first.", "Check this answer.",
        "Write a short paragraph."};

    private TrainingBenchmark() {
    }

    /** Runs one phase. */
    public static void main(String[] args) throws Exception {
        String phase = args.length > 0 ? args[0] : "supervised";
        Path work = Files.createTempDirectory("train-bench");
        long start = System.nanoTime();
        String detail = switch (phase) {
            case "extract" -> extract(Integer.parseInt(args.length > 1 ? args[1] : "1000"), work);
            case "supervised" -> train(work, "{\"kind\": \"supervised\"}", "{\"epochs\": 50}");
            case "cmaes" -> train(work, "{\"kind\": \"sep-cma-es\", \"population\": 32}",
                    "{\"epochs\": 50, \"generations_per_epoch\": 2}");
            case "svf" -> svf(Integer.parseInt(args.length > 1 ? args[1] : "2"), work);
            default -> throw new IllegalArgumentException("phase: extract|supervised|cmaes|svf");
        };
        System.out.printf(Locale.ROOT, "%s: %s; phase %.1f s, peak RSS %s, %d cores%n", phase, detail,
                (System.nanoTime() - start) / 1e9, peakRss(), Runtime.getRuntime().availableProcessors());
    }

    static List<List<Message>> conversations(int n) {
        SplittableRandom random = new SplittableRandom(5);
        List<List<Message>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder text = new StringBuilder("Request " + i + ":");
            int words = 3 + random.nextInt(25);
            for (int w = 0; w < words; w++) {
                text.append(' ').append(Integer.toString(random.nextInt(50_000), 36));
            }
            out.add(List.of(Message.user(text + " " + TOPICS[i % 4])));
        }
        return out;
    }

    private static String extract(int n, Path work) throws IOException {
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).build();
        QwenTokenizer tokenizer = QwenTokenizer.load(BundledData.resolve(BundledData.TINY_MODEL));
        Qwen3Extractor extractor;
        try (RandomTensorSource random = new RandomTensorSource(Qwen3Config.qwen3_0_6b(), 42)) {
            extractor = new Qwen3Extractor(Qwen3Model.load(Qwen3Config.qwen3_0_6b(), random, options), tokenizer);
        }
        try (extractor) {
            List<List<Message>> cases = conversations(n);
            extractor.extractAll(cases.subList(0, 16)); // warm-up
            HiddenStateCache cache = HiddenStateCache.open(work, "bench", 1024);
            long t0 = System.nanoTime();
            cache.states(cases, extractor, 16, done -> {
                if (done % 160 == 0) {
                    System.err.println("extracted " + done);
                }
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            HiddenStateCache.open(work, "bench", 1024).states(cases, extractor, 16, done -> { });
            double reread = (System.nanoTime() - t1) / 1e9;
            int tokens = 0;
            for (List<Message> c : cases) {
                tokens += extractor.tokenizer().encode(c.get(0).role().name().toLowerCase(Locale.ROOT) + ": "
                        + c.get(0).content()).length;
            }
            return String.format(Locale.ROOT, "%d cases (%d tokens, mean %.1f) in %.1f s = %.1f cases/s (batches of "
                    + "16); read back from the cache in %.2f s", n, tokens, (double) tokens / n, seconds, n / seconds,
                    reread);
        }
    }

    private static String train(Path work, String trainer, String optimizer) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree("{\"workflow_id\": \"bench\", \"seed\": 1, \"trainer\": "
                + trainer + ", \"optimizer\": " + optimizer + "}");
        ArrayNode cases = root.putObject("dataset").putArray("cases");
        List<List<Message>> conversations = conversations(1000);
        for (int i = 0; i < conversations.size(); i++) {
            ObjectNode c = cases.addObject().put("id", "c" + i);
            c.putArray("messages").addObject().put("role", "user").put("content",
                    conversations.get(i).get(0).content());
            c.putObject("expected").put("agent_id", (i % 4) * 2 % 7).put("role_id", i % 3);
        }
        TrainingConfig config = TrainingConfig.parse(root, work);
        try (CheckpointStore store = CheckpointStores.open("sqlite:" + work.resolve("bench.sqlite"));
             SyntheticRouter model = new SyntheticRouter()) {
            Trainer.builder(config, model, store, work.resolve("warm")).migrateStore(true).build().run(); // JIT
            long t0 = System.nanoTime();
            TrainingResult result = Trainer.builder(config, model, store, work.resolve("out")).migrateStore(true)
                    .build().run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            return String.format(Locale.ROOT, "1000 cached cases (800 train, 200 validation), hidden 1024, 50 epochs "
                    + "in %.1f s (baseline %.3f, best %.3f); %d checkpoints written", seconds,
                    result.baseline().score(), result.bestScore(), store.list("bench", 200).size() / 2);
        }
    }

    private static String svf(int candidates, Path work) throws IOException {
        Qwen3Config shape = Qwen3Config.qwen3_0_6b();
        Path model = work.resolve("qwen3-0.6b-random");
        try (RandomTensorSource random = new RandomTensorSource(shape, 42)) {
            random.writeModelFolder(shape, model);
        }
        for (String name : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(BundledData.resolve(BundledData.TINY_MODEL).resolve(name), model.resolve(name));
        }
        int scales = SvfSelection.of(shape, List.of(26)).offsetCount();
        float[] vector = new float[scales + 10 * 1024];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (random.nextGaussian() * (i < scales ? 0.01 : 0.03));
        }
        Path vectorFile = work.resolve("vec/router_vector.safetensors");
        Files.createDirectories(vectorFile.getParent());
        Files.write(vectorFile, SafetensorsWriter.builder().addFloats("trinity_router_es_vector",
                new long[] {vector.length}, vector).toBytes());
        Files.writeString(work.resolve("vec/router_vector_es_log.json"), "[{\"configs\": {\"opt_layer_indices\": [26],"
                + " \"llm_names\": [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]}}]", StandardCharsets.UTF_8);
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).build();
        List<List<Message>> cases = conversations(16);
        long t0 = System.nanoTime();
        StringBuilder each = new StringBuilder();
        try (QwenTrainableRouter router = QwenTrainableRouter.load(model, vectorFile, null, options, line -> { })) {
            double load = (System.nanoTime() - t0) / 1e9;
            for (int k = 0; k < candidates; k++) {
                float[] offsets = new float[scales];
                for (int i = 0; i < scales; i++) {
                    offsets[i] = (float) (random.nextGaussian() * 0.01);
                }
                long c0 = System.nanoTime();
                double adapted;
                double extracted;
                try (HiddenStateExtractor candidate = router.adapted(offsets)) {
                    adapted = (System.nanoTime() - c0) / 1e9;
                    long e0 = System.nanoTime();
                    candidate.extractAll(cases);
                    extracted = (System.nanoTime() - e0) / 1e9;
                }
                each.append(String.format(Locale.ROOT, " [candidate %d: SVF + load %.1f s, 16 cases %.1f s]", k + 1,
                        adapted, extracted));
            }
            return String.format(Locale.ROOT, "random Qwen3-0.6B, layer 26, %d offsets; first load (hash + SVF + "
                    + "load) %.1f s;%s", scales, load, each);
        }
    }

    private static String peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return String.format(Locale.ROOT, "%.0f MB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
            }
        }
        return "?";
    }

    /**
     * Hidden states of hidden size 1024 with one direction per expected class plus noise: what 1,000 cached
     * Qwen3-0.6B states look like to the head-only trainers (they never see the model).
     */
    static final class SyntheticRouter implements TrainableRouter {
        private final float[] vector = new float[10 * 1024];
        private final Map<String, float[]> states = new ConcurrentHashMap<>();

        SyntheticRouter() {
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) (random.nextGaussian() * 0.03);
            }
        }

        @Override
        public float[] routerVector() {
            return vector.clone();
        }

        @Override
        public int outputCount() {
            return 10;
        }

        @Override
        public int hiddenSize() {
            return 1024;
        }

        @Override
        public HiddenStateExtractor extractor() {
            return new HiddenStateExtractor() {
                @Override
                public HiddenState extract(List<Message> messages) {
                    String text = messages.get(0).content();
                    float[] v = states.computeIfAbsent(text, t -> {
                        SplittableRandom random = new SplittableRandom(t.hashCode());
                        float[] s = new float[1024];
                        for (int i = 0; i < s.length; i++) {
                            s[i] = (float) random.nextGaussian();
                        }
                        for (int k = 0; k < TOPICS.length; k++) {
                            if (t.endsWith(TOPICS[k])) {
                                s[k] += 4;
                            }
                        }
                        return s;
                    });
                    return new HiddenState(v, new int[] {1, 2}, 0, "synthetic", "float32",
                            new HiddenState.Timings(0, 0));
                }

                @Override
                public int hiddenSize() {
                    return 1024;
                }
            };
        }

        @Override
        public HiddenStateExtractor adapted(float[] offsets) {
            throw new UnsupportedOperationException("head only");
        }

        @Override
        public String stateKey() {
            return Sha256.of("synthetic".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public List<Integer> svfLayers() {
            return List.of();
        }

        @Override
        public List<String> agentLabels() {
            return List.of("a", "b", "c", "d", "e", "f", "g");
        }

        @Override
        public String describe() {
            return "synthetic 1024-d states";
        }

        @Override
        public void close() {
        }
    }
}
