package dev.trinity.coordinator.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.cli.StatusLine;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.Transcript;
import dev.trinity.coordinator.qwen3.PrefixCacheStats;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.route.HiddenState;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code coordinator bench --mode turns}: the routes of one coordinator run, whose conversation grows by an agent's
 * answer every turn, timed three ways per turn: a full prefill from token 0, a route through the prefix cache, and a
 * prefill of only the new tokens with no context (the floor the cache can reach).
 */
final class TurnsBench {

    /** Answers appended, one per turn after the question. */
    static final int ANSWERS = 6;

    /**
     * One turn's medians.
     *
     * @param turn 0 for the question alone, then one per appended answer
     * @param tokens the transcript's tokens
     * @param newTokens tokens the cached route computed (the rest came from the cache)
     * @param fullMs a route with a full prefill
     * @param cachedMs a route through the prefix cache
     * @param newOnlyMs a prefill of only the new tokens, without their context
     * @param maxAbsDiff the largest difference between the cached and the full hidden state
     */
    record Turn(int turn, int tokens, int newTokens, double fullMs, double cachedMs, double newOnlyMs,
                double maxAbsDiff) {
    }

    private final Qwen3Model model;
    private final StatusLine status;

    TurnsBench(Qwen3Model model, PrintWriter err) {
        this.model = model;
        this.status = new StatusLine(err);
    }

    /**
     * The token ids of every turn's transcript: a ~60-token question, then answers of 300-1500 tokens, shortened
     * in proportion when the whole would not fit {@code maxTokens} (a model's max_position_embeddings).
     */
    static List<int[]> conversation(QwenTokenizer tokenizer, long seed, int maxTokens) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] lengths = random.ints(ANSWERS, 300, 1501).toArray();
        double scale = Math.min(1, (maxTokens - 200.0) / (60 + Arrays.stream(lengths).sum()));
        List<Message> messages = new ArrayList<>();
        messages.add(Message.user(text(tokenizer, random, 60, "Question")));
        List<int[]> turns = new ArrayList<>();
        turns.add(tokenizer.encode(Transcript.format(messages)));
        for (int i = 0; i < ANSWERS; i++) {
            int length = (int) Math.max(20, lengths[i] * scale);
            messages.add(Message.assistant(text(tokenizer, random, length, "Answer " + (i + 1))));
            turns.add(tokenizer.encode(Transcript.format(messages)));
        }
        return turns;
    }

    /** Seeded prose of about {@code tokens} tokens: sentences with numbers, punctuation and line breaks. */
    private static String text(QwenTokenizer tokenizer, SplittableRandom random, int tokens, String title) {
        String[] words = {"the", "agent", "checks", "each", "step", "of", "proof", "and", "returns", "a", "result",
            "table", "value", "error", "because", "we", "compute", "sum", "over", "rows", "then", "verify", "it",
            "against", "expected", "output", "using", "function", "model", "route", "budget", "answer", "claim",
            "test", "case", "input", "file", "list", "order", "time"};
        StringBuilder out = new StringBuilder(title).append(": ");
        while (tokenizer.count(out.toString()) < tokens) {
            int length = random.nextInt(6, 16);
            StringBuilder sentence = new StringBuilder();
            for (int w = 0; w < length; w++) {
                String word = random.nextInt(8) == 0 ? Integer.toString(random.nextInt(1, 5000))
                        : words[random.nextInt(words.length)];
                sentence.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
                if (w < length - 1 && random.nextInt(10) == 0) {
                    sentence.append(',');
                }
            }
            out.append(sentence).append(random.nextInt(5) == 0 ? ".\n" : ". ");
        }
        return out.toString().strip();
    }

    /**
     * Times every turn {@code runs} times after {@code warmup} untimed runs; each run starts from an empty cache and
     * replays the whole conversation, as a coordinator run does.
     */
    List<Turn> run(List<int[]> turns, int runs, int warmup) {
        int count = turns.size();
        double[][] full = new double[count][runs];
        double[][] cached = new double[count][runs];
        double[][] newOnly = new double[count][runs];
        int[] fresh = new int[count];
        double[] diff = new double[count];
        for (int r = 0; r < warmup + runs; r++) {
            model.clearPrefixCache();
            for (int t = 0; t < count; t++) {
                int[] ids = turns.get(t);
                progress(r, warmup + runs, t, count, ids.length);
                long start = System.nanoTime();
                float[] expected = route(ids, false);
                long afterFull = System.nanoTime();
                long computedBefore = model.prefixCacheStats().computedTokens();
                float[] actual = route(ids, true);
                long afterCached = System.nanoTime();
                int computed = model.prefixCacheStats().enabled()
                        ? (int) (model.prefixCacheStats().computedTokens() - computedBefore) : ids.length - 1;
                int[] newIds = Arrays.copyOfRange(ids, ids.length - 1 - computed, ids.length);
                long newStart = System.nanoTime();
                route(newIds, false);
                long newEnd = System.nanoTime();
                if (r >= warmup) {
                    full[t][r - warmup] = (afterFull - start) / 1e6;
                    cached[t][r - warmup] = (afterCached - afterFull) / 1e6;
                    newOnly[t][r - warmup] = (newEnd - newStart) / 1e6;
                }
                fresh[t] = computed;
                diff[t] = Math.max(diff[t], maxAbsDiff(actual, expected));
            }
        }
        status.clear();
        List<Turn> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            out.add(new Turn(t, turns.get(t).length, fresh[t], median(full[t]), median(cached[t]),
                    median(newOnly[t]), diff[t]));
        }
        return out;
    }

    private float[] route(int[] ids, boolean cached) {
        int[][] batch = {ids};
        int[] position = {HiddenState.routerIndex(ids.length)};
        return model.hiddenAtBatch(batch, position, cached)[0];
    }

    private void progress(int run, int runs, int turn, int turns, int tokens) {
        status.show(String.format(Locale.ROOT, "turns run %d/%d: turn %d/%d (%d tokens)", run + 1, runs, turn + 1,
                turns, tokens));
    }

    /** Adds the turns, their totals and the cache's counters to a JSON report. */
    static void report(List<Turn> turns, PrefixCacheStats stats, ObjectNode json) {
        ArrayNode rows = json.putArray("turns");
        for (Turn t : turns) {
            rows.addObject().put("turn", t.turn()).put("tokens", t.tokens()).put("new_tokens", t.newTokens())
                    .put("full_ms", t.fullMs()).put("cached_ms", t.cachedMs()).put("new_only_ms", t.newOnlyMs())
                    .put("max_abs_diff", t.maxAbsDiff());
        }
        json.put("total_full_ms", total(turns, Turn::fullMs));
        json.put("total_cached_ms", total(turns, Turn::cachedMs));
        json.put("total_new_only_ms", total(turns, Turn::newOnlyMs));
        json.put("final_full_ms", turns.get(turns.size() - 1).fullMs());
        json.putObject("prefix_cache").put("capacity_mb", stats.capacityBytes() / 1048576.0)
                .put("used_mb", stats.usedBytes() / 1048576.0).put("entries", stats.entries())
                .put("evictions", stats.evictions());
    }

    /** The human table: one row per turn, then the totals and the two ratios that matter. */
    static void print(List<Turn> turns, PrintWriter out) {
        out.println("turn  tokens    new   full ms  cached ms  new-only ms  max abs diff");
        for (Turn t : turns) {
            out.printf(Locale.ROOT, "%4d  %6d  %5d  %8.0f  %9.0f  %11.0f  %12.2e%n", t.turn(), t.tokens(),
                    t.newTokens(), t.fullMs(), t.cachedMs(), t.newOnlyMs(), t.maxAbsDiff());
        }
        double full = total(turns, Turn::fullMs);
        double cached = total(turns, Turn::cachedMs);
        double last = turns.get(turns.size() - 1).fullMs();
        out.printf(Locale.ROOT, "total: full %.0f ms, cached %.0f ms (%.2fx less), new-only %.0f ms; the cached run "
                + "is %.2fx one full prefill of its final transcript (%d tokens)%n", full, cached, full / cached,
                total(turns, Turn::newOnlyMs), cached / last, turns.get(turns.size() - 1).tokens());
    }

    private static double total(List<Turn> turns, java.util.function.ToDoubleFunction<Turn> field) {
        return turns.stream().mapToDouble(field).sum();
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
