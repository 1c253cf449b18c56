package dev.trinity.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.djl.DjlRuntime;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.qwen3.RandomTensorSource;
import dev.trinity.coordinator.route.HiddenState;
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
            "Mode 'router' is what routing runs (n-1 tokens, one row through the last layer); 'full' is a plain",
            "prefill of all n tokens returning last_hidden_state, as Hugging Face's base model computes it."})
final class BenchCommand implements Callable<Integer> {

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

    @Option(names = "--mode", paramLabel = "router|full|both", defaultValue = "both",
            description = "What to time (default: ${DEFAULT-VALUE}).")
    String mode;

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
            default -> throw CliFailure.usage("--mode must be router, full or both, got \"" + mode + "\"");
        };
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
        try (model) {
            ObjectNode report = new ObjectMapper().createObjectNode();
            report.put("model", source);
            report.put("device", model.deviceName());
            report.put("dtype", model.computeType().label());
            report.put("threads", DjlRuntime.threads());
            report.put("load_seconds", loadSeconds);
            ArrayNode results = report.putArray("results");
            SplittableRandom random = new SplittableRandom(7);
            for (int n : tokens) {
                int[] ids = random.ints(n, 0, Math.min(model.config().vocabSize(), 151643)).toArray();
                for (String m : modes) {
                    double[] ms = time(model, ids, m, err);
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

    private double[] time(Qwen3Model model, int[] ids, String mode, PrintWriter err) {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            long start = System.nanoTime();
            if (mode.equals("router")) {
                model.hiddenAt(ids, HiddenState.routerIndex(ids.length));
            } else {
                model.lastHiddenState(ids);
            }
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= warmup) {
                samples.add(ms);
            }
            err.printf("\r%s %d tokens: run %d/%d", mode, ids.length, i + 1, warmup + runs);
            err.flush();
        }
        err.print("\r" + " ".repeat(50) + "\r");
        return samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
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
