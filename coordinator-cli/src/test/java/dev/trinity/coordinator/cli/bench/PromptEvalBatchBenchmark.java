package dev.trinity.coordinator.cli.bench;

import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.eval.PromptEvalCases;
import dev.trinity.coordinator.qwen3.Qwen3Config;
import dev.trinity.coordinator.qwen3.Qwen3Extractor;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.qwen3.RandomTensorSource;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures prompt-eval routing of the 37 reference transcripts at several batch sizes (not a test; run by hand):
 * {@code tiny} uses the bundled tiny model, {@code random-0.6b} random weights of the Qwen3-0.6B shape (as
 * {@code coordinator bench}), both with the real Qwen3 tokenizer. Batch sizes run interleaved per round; the
 * report gives the median and the best round per batch size, and the speed-up over the first batch size.
 *
 * <pre>
 * java -cp ... dev.trinity.coordinator.cli.bench.PromptEvalBatchBenchmark tiny|random-0.6b ROUNDS THREADS [1,4,8]
 * </pre>
 */
public final class PromptEvalBatchBenchmark {


    private PromptEvalBatchBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws IOException {
        String which = args.length > 0 ? args[0] : "tiny";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int[] batchSizes = Arrays.stream((args.length > 3 ? args[3] : "1,4,8,16,37").split(","))
                .mapToInt(Integer::parseInt).toArray();
        List<PromptEvalCase> cases = PromptEvalCases.read(BundledData.resolve(
                "examples/fixtures/qwen_router_prompt_eval_cases.json")).cases();
        List<List<Message>> conversations = cases.stream().map(PromptEvalCase::messages).toList();
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.CPU).threads(threads).build();
        Qwen3Extractor extractor;
        if (which.equals("tiny")) {
            extractor = Qwen3Extractor.load(BundledData.resolve(BundledData.TINY_MODEL), options);
        } else {
            QwenTokenizer tokenizer = QwenTokenizer.load(BundledData.resolve(BundledData.TINY_MODEL));
            try (RandomTensorSource random = new RandomTensorSource(Qwen3Config.qwen3_0_6b(), 42)) {
                extractor = new Qwen3Extractor(Qwen3Model.load(Qwen3Config.qwen3_0_6b(), random, options), tokenizer);
            }
        }
        try (extractor) {
            route(extractor, conversations, batchSizes[batchSizes.length - 1]); // warm-up
            Map<Integer, List<Double>> ms = new TreeMap<>();
            for (int round = 0; round < rounds; round++) {
                for (int batch : batchSizes) {
                    long start = System.nanoTime();
                    route(extractor, conversations, batch);
                    ms.computeIfAbsent(batch, b -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
                }
                System.err.println("round " + (round + 1) + " " + ms);
            }
            double baseline = median(ms.get(batchSizes[0]));
            System.out.printf(Locale.ROOT, "%s, %d threads, %d transcripts (3..65 tokens), %d rounds%n", which,
                    threads, conversations.size(), rounds);
            for (Map.Entry<Integer, List<Double>> e : ms.entrySet()) {
                double median = median(e.getValue());
                System.out.printf(Locale.ROOT, "batch %2d: median %8.1f ms (best %8.1f), %6.1f ms/case, "
                        + "speed-up x%.2f%n", e.getKey(), median, e.getValue().stream().mapToDouble(d -> d).min()
                        .orElse(0), median / conversations.size(), baseline / median);
            }
        }
    }

    private static void route(Qwen3Extractor extractor, List<List<Message>> conversations, int batch) {
        for (int start = 0; start < conversations.size(); start += batch) {
            extractor.extractAll(conversations.subList(start, Math.min(conversations.size(), start + batch)));
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(d -> d).toArray();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
