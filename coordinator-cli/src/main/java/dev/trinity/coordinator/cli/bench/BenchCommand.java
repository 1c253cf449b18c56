package dev.trinity.coordinator.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.StatusLine;
import dev.trinity.coordinator.cli.options.EngineOptions;
import dev.trinity.coordinator.djl.DjlRuntime;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.qwen3.RandomTensorSource;
import dev.trinity.coordinator.route.HiddenState;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coordinator bench}: times Qwen3 prefills at several lengths. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time Qwen3 prefill passes: load time, median/min/max ms per prefill, tokens/s, peak RSS.",
            "--shape qwen3-0.6b builds random BF16 weights of the real Qwen3-0.6B shape in memory (no download).",
            "Mode 'router' is what routing runs (n-1 tokens, one row through the last layer); 'full' is a plain "
                    + "prefill of all n tokens returning last_hidden_state, as Hugging Face's base model computes it.",
            "Mode 'turns' replays a coordinator run: a ~60-token question, then 6 answers of 300-1500 tokens "
                    + "appended one per turn (seeded text); per turn a full prefill, a route through the prefix cache, "
                    + "and a prefill of the new tokens alone; it runs once (--runs 1 --warmup 0) unless told otherwise."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--shape", paramLabel = "qwen3-0.6b",
            description = "Use random weights of this model shape instead of --model-dir.")
    String shape;

    @Option(names = "--tokens", paramLabel = "16,64,256", split = ",", defaultValue = "16,64,256",
            description = "Sequence lengths to time (default: ${DEFAULT-VALUE}).")
    int[] tokens;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "10", description = "Timed runs per length.")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed runs per length first.")
    int warmup;

    @Option(names = "--mode", paramLabel = "router|full|route|both|all|turns", defaultValue = "both",
            description = "What to time (default: ${DEFAULT-VALUE} = router and full). 'route' is a whole route: "
                    + "tokenize a transcript of that length, prefill, apply a {10, hidden} head. 'turns' times "
                    + "the routes of a growing conversation with and without the prefix cache.")
    String mode;

    @Option(names = "--batch", paramLabel = "1,8,32", split = ",",
            description = "Also time batched routing: that many transcripts of each length in one padded forward; "
                    + "reports routes per second.")
    int[] batches;

    @Option(names = "--write-model", paramLabel = "DIR",
            description = "With --shape: write the random weights as a BF16 model folder (config.json, "
                    + "model.safetensors) and exit; then 'bench --model-dir DIR' measures loading a real checkpoint.")
    Path writeModel;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    EngineOptions engine;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (runs < 1 || warmup < 0 || tokens.length == 0 || Arrays.stream(tokens).anyMatch(n -> n < 1)) {
            throw CliFailure.usage("--runs must be >= 1, --warmup >= 0 and every --tokens length >= 1");
        }
        List<String> modes = switch (mode) {
            case "router" -> List.of("router");
            case "full" -> List.of("full");
            case "both" -> List.of("router", "full");
            case "route" -> List.of("route");
            case "all" -> List.of("router", "full", "route");
            case "turns" -> List.of("turns");
            default -> throw CliFailure.usage("--mode must be router, full, route, both, all or turns, got \""
                    + mode + "\"");
        };
        boolean turns = modes.contains("turns");
        if (turns && (given("--tokens") || batches != null)) {
            throw CliFailure.usage("--mode turns sets its own lengths; drop --tokens and --batch");
        }
        int timedRuns = turns && !given("--runs") ? 1 : runs;
        int warmups = turns && !given("--warmup") ? 0 : warmup;
        Qwen3Options options = engine.options(err);
        long loadStart = System.nanoTime();
        String source;
        Qwen3Model model;
        if (shape != null) {
            if (!shape.equalsIgnoreCase("qwen3-0.6b")) {
                throw CliFailure.usage("--shape supports qwen3-0.6b, got \"" + shape + "\"");
            }
            source = "random weights, Qwen3-0.6B shape";
            try (RandomTensorSource random = new RandomTensorSource(Qwen3Config.qwen3_0_6b(), 42)) {
                if (writeModel != null) {
                    random.writeModelFolder(Qwen3Config.qwen3_0_6b(), writeModel);
                    out.println("wrote " + writeModel.resolve("model.safetensors") + "; now run: coordinator bench "
                            + "--model-dir " + writeModel);
                    return 0;
                }
                model = Qwen3Model.load(Qwen3Config.qwen3_0_6b(), random, options);
            }
        } else {
            Path dir = engine.resolveModelDir();
            source = dir.toString();
            model = Qwen3Model.load(dir, options);
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        engine.loaded();
        try (model; QwenTokenizer tokenizer = modes.contains("route") || turns
                ? QwenTokenizer.load(tokenizerDir()) : null) {
            ObjectNode report = new ObjectMapper().createObjectNode();
            report.put("model", source);
            report.put("device", model.deviceName());
            report.put("dtype", model.computeType().label());
            report.put("threads", DjlRuntime.threads());
            report.put("load_seconds", loadSeconds);
            if (turns) {
                List<TurnsBench.Turn> rows = new TurnsBench(model, err).run(TurnsBench.conversation(tokenizer, 7,
                        model.config().maxPositionEmbeddings()),
                        timedRuns, warmups);
                report.put("runs", timedRuns);
                TurnsBench.report(rows, model.prefixCacheStats(), report);
                if (!json) {
                    TurnsBench.print(rows, out);
                }
            } else {
                timeLengths(model, tokenizer, modes, report.putArray("results"), out, err);
            }
            long peakRssKb = peakRssKb();
            report.put("peak_rss_mb", peakRssKb / 1024.0);
            if (json) {
                out.println(report.toPrettyString());
            } else {
                out.printf(Locale.ROOT, "model: %s; device %s, %s, %d threads; load %.2f s; peak RSS %.0f MB%n",
                        source, model.deviceName(), model.computeType().label(), DjlRuntime.threads(), loadSeconds,
                        peakRssKb / 1024.0);
            }
        }
        return 0;
    }

    /** The per-length timings of the router, full, route and batch modes. */
    private void timeLengths(Qwen3Model model, QwenTokenizer tokenizer, List<String> modes, ArrayNode results,
                             PrintWriter out, PrintWriter err) {
        RouterHead head = randomHead(model.config().hiddenSize());
        SplittableRandom random = new SplittableRandom(7);
        for (int n : tokens) {
            int[] ids = random.ints(n, 0, Math.min(model.config().vocabSize(), 151643)).toArray();
            for (String m : modes) {
                double[] ms = m.equals("route") ? timeRoute(model, tokenizer, head, n, err)
                        : time(model, ids, m, err);
                ObjectNode row = results.addObject();
                row.put("tokens", n).put("mode", m).put("runs", runs);
                row.put("median_ms", median(ms)).put("min_ms", ms[0]).put("max_ms", ms[ms.length - 1]);
                row.put("tokens_per_s", n / (median(ms) / 1000));
                if (!json) {
                    out.printf(Locale.ROOT, "tokens=%-5d mode=%-6s median=%8.1f ms  min=%8.1f  max=%8.1f  "
                            + "%8.0f tokens/s%n", n, m, median(ms), ms[0], ms[ms.length - 1], n / (median(ms) / 1000));
                    out.flush();
                }
            }
        }
        if (batches != null) {
            for (int n : tokens) {
                for (int b : batches) {
                    double[] ms = timeBatch(model, random, n, b, err);
                    ObjectNode row = results.addObject();
                    row.put("tokens", n).put("mode", "batch").put("batch", b).put("runs", runs);
                    row.put("median_ms", median(ms)).put("min_ms", ms[0]).put("max_ms", ms[ms.length - 1]);
                    row.put("routes_per_s", b / (median(ms) / 1000));
                    if (!json) {
                        out.printf(Locale.ROOT, "tokens=%-5d batch=%-4d median=%8.1f ms  %8.1f routes/s%n", n, b,
                                median(ms), b / (median(ms) / 1000));
                        out.flush();
                    }
                }
            }
        }
    }

    /** The tokenizer for route timing: the model folder's, else the bundled real Qwen3 tokenizer. */
    private Path tokenizerDir() {
        Path dir = shape == null ? engine.resolveModelDir() : null;
        return dir != null && Files.isRegularFile(dir.resolve("tokenizer.json")) ? dir
                : BundledData.resolve(BundledData.TINY_MODEL);
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static RouterHead randomHead(int hidden) {
        SplittableRandom random = new SplittableRandom(11);
        float[] weights = new float[10 * hidden];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian() * 0.5f;
        }
        return RouterHead.of(weights, 10, hidden);
    }

    /** A whole route: tokenize a transcript of about {@code tokens} tokens, prefill, head. */
    private double[] timeRoute(Qwen3Model model, QwenTokenizer tokenizer, RouterHead head, int tokens,
                               PrintWriter err) {
        String text = transcriptOf(tokenizer, tokens);
        return sample("route", tokens, err, () -> {
            int[] ids = tokenizer.encode(text);
            head.route(uncached(model, ids));
        });
    }

    /** "user: ..." text that tokenizes to about {@code tokens} tokens. */
    private static String transcriptOf(QwenTokenizer tokenizer, int tokens) {
        String words = "Calculate the sum of the following numbers and verify the answer step by step ";
        StringBuilder text = new StringBuilder("user: ");
        while (tokenizer.count(text.toString()) < tokens) {
            text.append(words);
        }
        String full = text.toString();
        int cut = full.length();
        while (cut > 6 && tokenizer.count(full.substring(0, cut)) > tokens) {
            cut = full.lastIndexOf(' ', cut - 1);
        }
        return full.substring(0, Math.max(cut, 6));
    }

    private double[] timeBatch(Qwen3Model model, SplittableRandom random, int tokens, int batch, PrintWriter err) {
        int[][] ids = new int[batch][];
        int[] positions = new int[batch];
        for (int b = 0; b < batch; b++) {
            ids[b] = random.ints(tokens, 0, Math.min(model.config().vocabSize(), 151643)).toArray();
            positions[b] = HiddenState.routerIndex(tokens);
        }
        return sample("batch " + batch + " x", tokens, err, () -> model.hiddenAtBatch(ids, positions, false));
    }

    private double[] sample(String label, int tokens, PrintWriter err, Runnable work) {
        StatusLine status = new StatusLine(err);
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            long start = System.nanoTime();
            work.run();
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= warmup) {
                samples.add(ms);
            }
            status.show(String.format(Locale.ROOT, "%s %d tokens: run %d/%d", label, tokens, i + 1, warmup + runs));
        }
        status.clear();
        return samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private double[] time(Qwen3Model model, int[] ids, String mode, PrintWriter err) {
        return sample(mode, ids.length, err, () -> {
            if (mode.equals("router")) {
                uncached(model, ids);
            } else {
                model.lastHiddenState(ids);
            }
        });
    }

    /** The router's hidden state with the prefix cache bypassed: every timed run prefills from token 0. */
    private static float[] uncached(Qwen3Model model, int[] ids) {
        return model.hiddenAtBatch(new int[][] {ids}, new int[] {HiddenState.routerIndex(ids.length)}, false)[0];
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Peak resident set size (VmHWM) of this process in KB, or -1 where /proc is unavailable. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
