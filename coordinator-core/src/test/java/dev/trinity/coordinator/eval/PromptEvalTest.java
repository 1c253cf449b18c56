package dev.trinity.coordinator.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Worded;
import dev.trinity.coordinator.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt-eval logic against the reference's 37 cases and snapshot, with a fake router that replays the snapshot's
 * logits and token counts (the transcript hashes are computed for real).
 */
class PromptEvalTest {

    static final Path CASES = TestFiles.resolve("examples/fixtures/qwen_router_prompt_eval_cases.json");
    static final Path SNAPSHOT = TestFiles.resolve("examples/fixtures/qwen_router_prompt_eval_logits.json");

    private static PromptEvalCases cases;
    private static PromptEvalSnapshot snapshot;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws IOException {
        cases = PromptEvalCases.read(CASES);
        snapshot = PromptEvalSnapshot.read(SNAPSHOT);
    }

    /** Replays the snapshot: logits from {@code *_logits_rounded}, token count from {@code token_count}. */
    static final class ReplayRouter implements CaseRouter {
        final Map<String, SnapshotCase> byTranscript = new HashMap<>();
        final List<Integer> batchSizes = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        float perturbFromCall = Float.NaN;
        int perturbAfterCalls = Integer.MAX_VALUE;

        ReplayRouter(PromptEvalSnapshot snapshot) {
            for (PromptEvalCase c : cases.cases()) {
                byTranscript.put(dev.trinity.coordinator.conversation.Transcript.format(c.messages()),
                        snapshot.find(c.id()).orElseThrow());
            }
        }

        @Override
        public List<CaseRoute> route(List<List<Message>> conversations) {
            batchSizes.add(conversations.size());
            boolean perturb = calls.incrementAndGet() > perturbAfterCalls;
            List<CaseRoute> out = new ArrayList<>();
            for (List<Message> messages : conversations) {
                SnapshotCase s = byTranscript.get(dev.trinity.coordinator.conversation.Transcript.format(messages));
                float[] logits = new float[10];
                for (int i = 0; i < 7; i++) {
                    logits[i] = (float) s.agentLogitsRounded()[i];
                }
                for (int i = 0; i < 3; i++) {
                    logits[7 + i] = (float) s.roleLogitsRounded()[i];
                }
                if (perturb) {
                    logits[9] += 0.01f; // moves a rounded logit: a different route_hash, the same decision
                }
                out.add(new CaseRoute(s.tokenCount(), Math.max(0, s.tokenCount() - 2),
                        RouterHead.decide(logits, 7, RoutingOptions.defaults())));
            }
            return out;
        }
    }

    @Test
    void the_reference_snapshot_replayed_passes_all_37_cases_with_the_default_floors() {
        // given
        ReplayRouter router = new ReplayRouter(snapshot);
        PromptEvalOptions options = PromptEvalOptions.builder().snapshot(snapshot).determinismRuns(2).build();

        // when
        PromptEvalReport report = PromptEval.run(cases.cases(), router, options, PromptEvalListener.NONE);

        // then
        assertThat(report.failedIds()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.passedCount()).isEqualTo(37);
        assertThat(report.rolesSelected()).containsExactly(Map.entry(0, 18), Map.entry(1, 4), Map.entry(2, 15));
        assertThat(report.agentSlotsSelected()).containsExactly(Map.entry(0, 17), Map.entry(1, 1), Map.entry(4, 19));
        // 37 cases in batches of 8, twice
        assertThat(router.batchSizes).containsExactly(8, 8, 8, 8, 5, 8, 8, 8, 8, 5);
        for (CaseResult result : report.results()) {
            SnapshotCase s = snapshot.find(result.id()).orElseThrow();
            assertThat(result.routeHash()).as(result.id()).isEqualTo(s.routeHash());
            assertThat(result.transcriptHash()).as(result.id()).isEqualTo(s.transcriptHash());
        }
    }

    @Test
    void the_first_failing_check_in_spec_order_is_the_reason() {
        // given: floors above every margin, and a snapshot whose first case disagrees on the token count
        PromptEvalCase math = cases.select(List.of("math_direct")).get(0);
        PromptEvalCase wrongExpectation = new PromptEvalCase("math_direct", math.messages(), 0, 0, List.of(), "");
        ReplayRouter router = new ReplayRouter(snapshot);

        // when / then: (1) decision before margins
        PromptEvalReport decision = PromptEval.run(List.of(wrongExpectation), router,
                PromptEvalOptions.builder().minAgentMargin(1000.0).build(), PromptEvalListener.NONE);
        assertThat(decision.results().get(0).reason())
                .isEqualTo("expected agent 0 role 0 (Worker), router returned agent 4 role 2 (Verifier)");
        // (2) agent margin before role margin
        PromptEvalReport agent = PromptEval.run(List.of(math), router,
                PromptEvalOptions.builder().minAgentMargin(1000.0).minRoleMargin(1000.0).build(),
                PromptEvalListener.NONE);
        assertThat(agent.results().get(0).reason()).startsWith("agent margin 14.36").endsWith(
                "is below the floor 1000.0 (--min-agent-margin)");
        // (3) role margin
        PromptEvalReport role = PromptEval.run(List.of(math), router,
                PromptEvalOptions.builder().minRoleMargin(13.0).build(), PromptEvalListener.NONE);
        assertThat(role.results().get(0).reason()).startsWith("role margin 12.63");
        assertThat(role.failedIds()).containsExactly("math_direct");
        // (4) snapshot token count
        SnapshotCase s = snapshot.find("math_direct").orElseThrow();
        PromptEvalSnapshot changed = new PromptEvalSnapshot("t", List.of(new SnapshotCase(s.id(), s.agentId(),
                s.roleId(), null, null, null, null, null, s.tokenCount() + 1, s.transcriptHash())));
        PromptEvalReport tokens = PromptEval.run(List.of(math), router,
                PromptEvalOptions.builder().snapshot(changed).build(), PromptEvalListener.NONE);
        assertThat(tokens.results().get(0).reason()).isEqualTo("snapshot token_count 16, tokenizer gave 15");
        assertThat(tokens.results().get(0).status()).isEqualTo(CaseStatus.FAIL);
    }

    @Test
    void no_assert_reports_but_passes_and_null_floors_skip_the_margin_checks() {
        ReplayRouter router = new ReplayRouter(snapshot);
        PromptEvalCase math = cases.select(List.of("math_direct")).get(0);

        PromptEvalReport report = PromptEval.run(List.of(math), router, PromptEvalOptions.builder()
                .minRoleMargin(1000.0).assertChecks(false).build(), PromptEvalListener.NONE);
        assertThat(report.results().get(0).status()).isEqualTo(CaseStatus.REPORT_ONLY);
        assertThat(report.results().get(0).reason()).startsWith("role margin");
        assertThat(report.passed()).isTrue();

        PromptEvalReport noFloors = PromptEval.run(List.of(math), router, PromptEvalOptions.builder()
                .minAgentMargin(null).minRoleMargin(null).build(), PromptEvalListener.NONE);
        assertThat(noFloors.results().get(0).status()).isEqualTo(CaseStatus.PASS);
    }

    @Test
    void a_route_hash_that_changes_in_a_later_run_is_a_determinism_failure() {
        // given: the router perturbs one logit from its 6th call on (run 2 starts at call 6 with 37 cases / 8)
        ReplayRouter router = new ReplayRouter(snapshot);
        router.perturbAfterCalls = 5;

        // when
        PromptEvalReport report = PromptEval.run(cases.cases(), router,
                PromptEvalOptions.builder().determinismRuns(3).build(), PromptEvalListener.NONE);

        // then: every case passed its checks, but runs 2 and 3 differ
        assertThat(report.failedCount()).isZero();
        assertThat(report.mismatches()).hasSize(74);
        assertThat(report.mismatches().get(0).run()).isEqualTo(2);
        assertThat(report.failedIds()).hasSize(37).startsWith("math_direct");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void every_pass_starts_from_the_routers_initial_state_so_a_cache_cannot_fake_a_determinism_failure() {
        // given: a router whose results depend on what it saw since its cache was last cleared (as a prefix
        // cache's float rounding does): a conversation seen before comes back with a perturbed logit
        ReplayRouter replay = new ReplayRouter(snapshot);
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Integer> passes = new ArrayList<>();
        CaseRouter cached = CaseRouter.of(conversations -> {
            List<CaseRoute> routes = replay.route(conversations);
            List<CaseRoute> out = new ArrayList<>();
            for (int i = 0; i < routes.size(); i++) {
                CaseRoute r = routes.get(i);
                boolean again = !seen.add(dev.trinity.coordinator.conversation.Transcript.format(conversations.get(i)));
                float[] logits = r.decision().logits().clone();
                logits[9] += again ? 0.01f : 0f;
                out.add(new CaseRoute(r.tokenCount(), r.hiddenIndex(), RouterHead.decide(logits, 7,
                        RoutingOptions.defaults())));
            }
            return out;
        }, () -> {
            passes.add(seen.size());
            seen.clear();
        });

        // when
        PromptEvalReport report = PromptEval.run(cases.cases(), cached,
                PromptEvalOptions.builder().determinismRuns(3).build(), PromptEvalListener.NONE);

        // then: the cache was cleared before each of the 3 passes, and no pass saw another's state
        assertThat(passes).containsExactly(0, 37, 37);
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.passed()).isTrue();
    }

    @Test
    void tokens_only_checks_counts_and_hashes_and_fails_cases_missing_from_the_snapshot() {
        CaseRouter counts = conversations -> conversations.stream().map(m -> snapshot.cases().stream()
                .filter(s -> s.transcriptHash().equals(dev.trinity.coordinator.hash.SnapshotHashes.transcriptHash(m)))
                .findFirst().map(s -> CaseRoute.tokensOnly(s.tokenCount())).orElseThrow()).toList();
        PromptEvalReport all = PromptEval.run(cases.cases(), counts,
                PromptEvalOptions.builder().snapshot(snapshot).tokensOnly(true).build(), PromptEvalListener.NONE);
        assertThat(all.passedCount()).isEqualTo(37);
        assertThat(all.rolesSelected()).isEmpty();

        PromptEvalSnapshot partial = new PromptEvalSnapshot("t", snapshot.cases().subList(1, 37));
        PromptEvalReport missing = PromptEval.run(cases.cases(), counts,
                PromptEvalOptions.builder().snapshot(partial).tokensOnly(true).build(), PromptEvalListener.NONE);
        assertThat(missing.failedIds()).containsExactly("math_direct");
        assertThat(missing.results().get(0).reason()).isEqualTo("the snapshot has no case with this id");
        assertThatThrownBy(() -> missing.toSnapshot(Instant.EPOCH)).isInstanceOf(IllegalStateException.class);
    }

    /** A library message with each setting named by the CLI's flag. */
    private static String asFlags(Throwable e) {
        return ((Worded) e).wording().render(s -> Map.of(Setting.SNAPSHOT, "--snapshot FILE", Setting.SNAPSHOT_OUT,
                "--snapshot-out", Setting.DETERMINISM_RUNS, "--determinism-runs", Setting.TOKENS_ONLY,
                "--tokens-only").get(s));
    }

    @Test
    void options_reject_what_cannot_work() {
        assertThatThrownBy(() -> PromptEvalOptions.builder().tokensOnly(true).build())
                .hasMessageContaining("pass one (the snapshot)")
                .satisfies(e -> assertThat(asFlags(e)).contains("--snapshot FILE"));
        assertThatThrownBy(() -> PromptEvalOptions.builder().tokensOnly(true).snapshot(snapshot).determinismRuns(2)
                .build()).hasMessageContaining("drop determinism runs or tokens-only mode")
                .satisfies(e -> assertThat(asFlags(e)).contains("drop --determinism-runs or --tokens-only"));
        assertThatThrownBy(() -> PromptEvalOptions.builder().batchSize(0).build())
                .hasMessage("batch size must be at least 1, got 0");
        assertThat(PromptEvalOptions.builder().determinismRuns(-3).build().determinismRuns()).isEqualTo(1);
    }

    @Test
    void unknown_case_ids_name_the_id_and_the_fix() {
        assertThatThrownBy(() -> cases.select(List.of("math_direct", "nope")))
                .isInstanceOf(PromptEvalCases.UnknownCaseException.class)
                .hasMessage("Unknown case \"nope\". Run with --list-cases.");
        assertThat(cases.select(List.of("root_cause", "math_direct")).stream().map(PromptEvalCase::id))
                .containsExactly("root_cause", "math_direct");
        assertThat(cases.ids()).hasSize(37).startsWith("math_direct");
    }

    @Test
    void a_snapshot_written_from_the_reference_reproduces_its_bytes() throws IOException {
        // given the reference snapshot parsed
        Path out = dir.resolve("again.json");

        // when written back
        snapshot.write(out);

        // then it is byte-identical (sorted keys, two-space indent, "key": value, same number forms)
        assertThat(Files.readString(out)).isEqualTo(Files.readString(SNAPSHOT));
        assertThat(PromptEvalSnapshot.read(out)).isEqualTo(snapshot);
        assertThat(PromptEvalSnapshot.timestamp(Instant.parse("2026-05-20T23:09:18.183509123Z")))
                .isEqualTo("2026-05-20T23:09:18.183509Z");
    }

    @Test
    void bad_snapshot_and_cases_files_fail_with_the_file_and_the_fix() throws IOException {
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{ not json", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PromptEvalSnapshot.read(notJson)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("snapshot file " + notJson + " is not valid JSON")
                .hasMessageEndingWith("regenerate it with a snapshot output file")
                .satisfies(e -> assertThat(asFlags(e)).endsWith("regenerate it with --snapshot-out"));
        Path noHash = Files.writeString(dir.resolve("nohash.json"), "{\"schema_version\": 1, \"cases\": "
                + "[{\"id\": \"a\", \"agent_id\": 1, \"role_id\": 0, \"token_count\": 3}]}");
        assertThatThrownBy(() -> PromptEvalSnapshot.read(noHash)).hasMessage("snapshot file " + noHash
                + ": case \"a\" needs \"transcript_hash\" as 64 lowercase hex digits; regenerate it with "
                + "a snapshot output file").satisfies(e -> assertThat(asFlags(e)).isEqualTo("snapshot file " + noHash
                + ": case \"a\" needs \"transcript_hash\" as 64 lowercase hex digits; regenerate it with "
                + "--snapshot-out"));
        Path version = Files.writeString(dir.resolve("v2.json"), "{\"schema_version\": 2, \"cases\": []}");
        assertThatThrownBy(() -> PromptEvalSnapshot.read(version)).hasMessageContaining("schema_version must be 1");
        assertThatThrownBy(() -> PromptEvalSnapshot.read(dir.resolve("missing.json")))
                .hasMessageContaining("does not exist");
        Path badCase = Files.writeString(dir.resolve("cases.json"), "{\"schema_version\": 1, \"cases\": "
                + "[{\"id\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}]}");
        assertThatThrownBy(() -> PromptEvalCases.read(badCase)).hasMessage("cases file " + badCase
                + ": case \"x\" needs \"expected\": {\"agent_id\": int, \"role_id\": int}");
    }
}
