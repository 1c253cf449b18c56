package dev.trinity.coordinator.qwen3;

import static dev.trinity.coordinator.qwen3.Qwen3GoldenTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.Transcript;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prefix cache: a route with the cache gives the hidden state a full prefill gives (fp32 tolerance, 1e-4 /
 * cosine 0.99999) at every turn of growing, edited, interleaved and concurrent conversations, while computing only
 * what is new.
 */
class PrefixCacheTest {

    private static final Path TINY = Installation.resolve(Installation.TINY_MODEL);

    private static QwenTokenizer tokenizer;
    private static Qwen3Model model;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = QwenTokenizer.load(TINY);
        model = Qwen3Model.load(TINY, options(Qwen3Options.DEFAULT_PREFIX_CACHE_BYTES));
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    private static Qwen3Options options(long cacheBytes) {
        return Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).prefixCacheBytes(cacheBytes).build();
    }

    @Test
    void every_turn_of_a_growing_conversation_equals_a_full_prefill_and_reuses_the_previous_turn() {
        model.clearPrefixCache();
        List<Message> conversation = new ArrayList<>(List.of(Message.user(question(0))));
        int previous = 0;
        for (int turn = 0; turn < 6; turn++) {
            int[] ids = ids(conversation);
            PrefixCacheStats before = model.prefixCacheStats();

            float[] cached = model.hiddenAt(ids, ids.length - 2);

            PrefixCacheStats after = model.prefixCacheStats();
            assertClose("turn " + turn, cached, uncached(model, ids));
            long reused = after.reusedTokens() - before.reusedTokens();
            if (turn > 0) {
                // Only the last few tokens of the previous transcript may be re-tokenized differently.
                assertThat(reused).as("tokens reused at turn %d of %d (previous transcript %d)", turn, ids.length,
                        previous).isGreaterThanOrEqualTo(previous - 3L);
            }
            assertThat(after.computedTokens() - before.computedTokens()).isEqualTo(ids.length - 1 - reused);
            previous = ids.length - 1;
            conversation.add(turn % 2 == 0 ? Message.assistant(answer(turn)) : Message.user(question(turn)));
        }
        // Each token is held once: the turns chain up, up to a stale boundary token per turn.
        PrefixCacheStats stats = model.prefixCacheStats();
        assertThat(stats.tokens()).as("tokens held for one conversation of %d tokens", previous)
                .isBetween((long) previous, previous + 6L);
        assertThat(stats.usedBytes()).isEqualTo(stats.tokens() * model.kvBytesPerToken());
    }

    @Test
    void a_punctuation_and_newline_boundary_is_recomputed_from_the_changed_token() {
        model.clearPrefixCache();
        List<Message> first = List.of(Message.user("Is 17 + 25 = 42? Answer yes or no."));
        List<Message> second = List.of(first.get(0), Message.assistant("Yes."));
        int[] before = ids(first);
        int[] after = ids(second);
        int common = Arrays.mismatch(before, after);
        // The boundary case itself: "." then "\n" merge, so the first transcript's last token changes.
        assertThat(common).as("common token prefix").isBetween(0, before.length - 1);

        model.hiddenAt(before, before.length - 2);
        long reusedBefore = model.prefixCacheStats().reusedTokens();
        float[] cached = model.hiddenAt(after, after.length - 2);

        assertClose("after the boundary", cached, uncached(model, after));
        assertThat(model.prefixCacheStats().reusedTokens() - reusedBefore)
                .isEqualTo(Math.min(common, before.length - 1));
    }

    @Test
    void conversations_sharing_a_long_system_prompt_hold_it_once() {
        model.clearPrefixCache();
        Message system = Message.system("You coordinate agents. " + answer(9) + " " + answer(10));
        int[] a = ids(List.of(system, Message.user(question(1))));
        int[] b = ids(List.of(system, Message.user(question(2))));
        int common = Arrays.mismatch(a, b);
        assertThat(common).as("shared tokens").isGreaterThan(a.length / 2);

        model.hiddenAt(a, a.length - 2);
        float[] cached = model.hiddenAt(b, b.length - 2);

        assertClose("second conversation", cached, uncached(model, b));
        PrefixCacheStats stats = model.prefixCacheStats();
        assertThat(stats.entries()).isEqualTo(2);
        assertThat(stats.tokens()).as("the shared prompt is held once")
                .isEqualTo((long) (a.length - 1) + (b.length - 1 - common));
    }

    @Test
    void an_edited_conversation_shares_only_its_first_tokens_and_is_still_exact() {
        model.clearPrefixCache();
        List<Message> original = List.of(Message.user(question(1)), Message.assistant(answer(1)));
        List<Message> edited = List.of(Message.user("Something else entirely: " + question(2)),
                Message.assistant(answer(1)));
        int[] a = ids(original);
        int[] b = ids(edited);
        model.hiddenAt(a, a.length - 2);
        long reusedBefore = model.prefixCacheStats().reusedTokens();

        float[] cached = model.hiddenAt(b, b.length - 2);

        assertClose("edited", cached, uncached(model, b));
        assertThat(model.prefixCacheStats().reusedTokens() - reusedBefore).isEqualTo(Arrays.mismatch(a, b))
                .isLessThan(4);
        assertThat(model.prefixCacheStats().entries()).as("the edit does not extend the original").isEqualTo(2);
    }

    @Test
    void eviction_mid_run_and_an_entry_larger_than_the_cache_keep_routes_exact() throws IOException {
        // Room for about 120 tokens: two interleaved conversations evict each other at every turn.
        try (Qwen3Model small = Qwen3Model.load(TINY, options(0))) {
            long perToken = small.kvBytesPerToken();
            try (Qwen3Model cache = Qwen3Model.load(TINY, options(120 * perToken))) {
                List<Message> a = new ArrayList<>(List.of(Message.user(question(3))));
                List<Message> b = new ArrayList<>(List.of(Message.user(question(4))));
                for (int turn = 0; turn < 4; turn++) {
                    for (List<Message> conversation : List.of(a, b)) {
                        int[] ids = ids(conversation);
                        assertClose("turn " + turn, cache.hiddenAt(ids, ids.length - 2), uncached(small, ids));
                        conversation.add(Message.assistant(answer(turn)));
                    }
                }
                PrefixCacheStats stats = cache.prefixCacheStats();
                assertThat(stats.evictions()).as("evictions").isPositive();
                assertThat(stats.usedBytes()).isLessThanOrEqualTo(120 * perToken);
                assertThat(stats.hits()).as("a long transcript still reuses the leading tokens that fit").isPositive();
            }
        }
    }

    @Test
    void a_batch_mixing_cached_and_new_conversations_equals_routing_each_alone() {
        model.clearPrefixCache();
        List<Message> known = new ArrayList<>(List.of(Message.user(question(5))));
        int[] first = ids(known);
        model.hiddenAt(first, first.length - 2);
        known.add(Message.assistant(answer(5)));
        int[][] batch = {ids(known), ids(List.of(Message.user("."))), ids(List.of(Message.user(question(6)))), first};
        int[] positions = Arrays.stream(batch).mapToInt(ids -> ids.length - 2).map(p -> Math.max(p, 0)).toArray();
        long reusedBefore = model.prefixCacheStats().reusedTokens();

        float[][] states = model.hiddenAtBatch(batch, positions);

        for (int i = 0; i < batch.length; i++) {
            float[] alone = model.hiddenAtBatch(new int[][] {batch[i]}, new int[] {positions[i]}, false)[0];
            assertClose("batch entry " + i, states[i], alone);
        }
        assertThat(model.prefixCacheStats().reusedTokens() - reusedBefore).as("reused by entries 0 and 3")
                .isGreaterThanOrEqualTo(2L * (first.length - 3));
    }

    @Test
    void concurrent_conversations_share_one_cache_and_leave_nothing_behind_when_cleared() throws Exception {
        model.clearPrefixCache();
        long arrays = model.managedArrayCount();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int seed = c;
                runs.add(pool.submit(() -> {
                    List<Message> conversation = new ArrayList<>(List.of(Message.system("You are agent " + seed),
                            Message.user(question(seed))));
                    for (int turn = 0; turn < 4; turn++) {
                        int[] ids = ids(conversation);
                        assertClose("conversation " + seed + " turn " + turn, model.hiddenAt(ids, ids.length - 2),
                                uncached(model, ids));
                        conversation.add(Message.assistant(answer(seed + turn)));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(model.prefixCacheStats().entries()).as("4 conversations x 4 turns, chained").isEqualTo(16);
        model.clearPrefixCache();
        assertThat(model.managedArrayCount()).as("arrays after clearing the cache").isEqualTo(arrays);
    }

    @Test
    void a_model_without_a_cache_reports_it_disabled_and_computes_everything() throws IOException {
        try (Qwen3Model plain = Qwen3Model.load(TINY, options(0))) {
            int[] ids = ids(List.of(Message.user(question(7))));
            plain.hiddenAt(ids, ids.length - 2);
            plain.hiddenAt(ids, ids.length - 2);
            assertThat(plain.prefixCacheStats()).isEqualTo(PrefixCacheStats.DISABLED);
            assertThat(plain.prefixCacheStats().enabled()).isFalse();
        }
    }

    @Test
    void an_fp16_cache_takes_half_the_memory_and_stays_close() throws IOException {
        Qwen3Options half = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).prefixCacheType(ComputeType.FP16)
                .build();
        try (Qwen3Model fp16 = Qwen3Model.load(TINY, half)) {
            assertThat(fp16.kvBytesPerToken()).isEqualTo(model.kvBytesPerToken() / 2);
            List<Message> conversation = new ArrayList<>(List.of(Message.user(question(8))));
            double worst = 0;
            for (int turn = 0; turn < 4; turn++) {
                int[] ids = ids(conversation);
                float[] cached = fp16.hiddenAt(ids, ids.length - 2);
                float[] full = uncached(fp16, ids);
                for (int i = 0; i < full.length; i++) {
                    worst = Math.max(worst, Math.abs(cached[i] - full[i]));
                }
                conversation.add(Message.assistant(answer(turn)));
            }
            assertThat(fp16.prefixCacheStats().reusedTokens()).isPositive();
            assertThat(worst).as("max abs diff, fp16 keys and values").isGreaterThan(0).isLessThan(1e-2);
        }
    }

    static float[] uncached(Qwen3Model model, int[] ids) {
        return model.hiddenAtBatch(new int[][] {ids}, new int[] {ids.length - 2}, false)[0];
    }

    private static int[] ids(List<Message> conversation) {
        return tokenizer.encode(Transcript.format(conversation));
    }

    static String question(int seed) {
        return "Question " + seed + ": a train leaves at " + (seed + 7) + ":15 and travels " + (seed * 13 + 40)
                + " km at 80 km/h. When does it arrive, and which assumptions did you make?";
    }

    static String answer(int seed) {
        StringBuilder text = new StringBuilder("Answer " + seed + ".\n");
        for (int i = 0; i < 4 + seed % 3; i++) {
            text.append("Step ").append(i + 1).append(": the distance ").append(seed * 13 + 40 + i)
                    .append(" km divided by 80 km/h gives the travel time; add it to the start time.\n");
        }
        return text.append("So the train arrives on time.").toString();
    }
}
