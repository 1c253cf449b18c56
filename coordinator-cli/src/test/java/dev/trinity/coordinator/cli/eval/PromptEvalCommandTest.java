package dev.trinity.coordinator.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliRun;
import dev.trinity.coordinator.eval.PromptEvalSnapshot;
import dev.trinity.coordinator.eval.SnapshotCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coordinator prompt-eval} end to end: the reference snapshot in tokens-only mode, the bundled tiny router
 * against its own snapshot with determinism runs, and every usage and failure path with real files.
 */
class PromptEvalCommandTest {

    static final String REFERENCE_SNAPSHOT = BundledData.resolve(
            "examples/fixtures/qwen_router_prompt_eval_logits.json").toString();
    static final String TINY_CASES = BundledData.resolve("examples/fixtures/tiny_prompt_eval_cases.json").toString();
    static final String TINY_SNAPSHOT = BundledData.resolve("examples/fixtures/tiny_prompt_eval_snapshot.json")
            .toString();
    /** 80% of the tiny router's worst margins (0.147 agent, 0.049 role); see examples/fixtures/README.md. */
    static final String[] TINY_FLOORS = {"--min-agent-margin", "0.11", "--min-role-margin", "0.03", "--threads", "2"};

    @TempDir
    Path dir;

    /** {@code prompt-eval} with the tiny floors and the given flags. */
    private static String[] tiny(String... more) {
        List<String> all = new ArrayList<>(List.of("prompt-eval"));
        all.addAll(List.of(TINY_FLOORS));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void tokens_only_reproduces_all_37_reference_token_counts_and_transcript_hashes() {
        CliRun run = CliRun.of("prompt-eval", "--tokens-only", "--snapshot", REFERENCE_SNAPSHOT);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("tokens-only: 37/37 cases match the snapshot's token_count and "
                + "transcript_hash").contains("  failed: 0").endsWith("PASS prompt-eval" + System.lineSeparator());
        assertThat(run.out()).contains("[1/37] math_direct - PASS", "Router input tokens: 15",
                "transcript_hash: 05485d3e42e7b2e0c63bad13d446915173499b5a9a980faff24195c33bdbf0b3");
        assertThat(run.err()).contains("prompt-eval: run 1/1: routed 37/37 cases");
    }

    @Test
    void tokens_only_fails_when_one_hash_or_count_differs() throws IOException {
        // given: the reference snapshot with one transcript hash and one token count changed
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(Path.of(REFERENCE_SNAPSHOT).toFile());
        ((ObjectNode) root.get("cases").get(3)).put("transcript_hash", "0".repeat(64));
        ((ObjectNode) root.get("cases").get(36)).put("token_count", 999);
        Path tampered = dir.resolve("tampered.json");
        mapper.writeValue(tampered.toFile(), root);

        // when
        CliRun run = CliRun.of("prompt-eval", "--tokens-only", "--snapshot", tampered.toString());

        // then
        String fourth = root.get("cases").get(3).get("id").asText();
        String last = root.get("cases").get(36).get("id").asText();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastErrLine()).isEqualTo("coordinator prompt-eval: failed cases=" + fourth + ", " + last
                + "; see the FAIL lines above");
        assertThat(run.out()).contains("[4/37] " + fourth + " - FAIL", "Reason: snapshot transcript_hash 0000",
                "Reason: snapshot token_count 999, tokenizer gave ", "tokens-only: 35/37").doesNotContain("PASS "
                + "prompt-eval");
    }

    @Test
    void the_tiny_router_reproduces_its_snapshot_with_two_determinism_runs() {
        CliRun run = CliRun.of(tiny("--cases", TINY_CASES, "--snapshot", TINY_SNAPSHOT,
                "--determinism-runs", "2"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("router head shape: [10, 64]", "assertion mode: strict",
                "margin floors: agent 0.11, role 0.03", "cases: 37 (batch size 8, determinism runs 2)",
                "  passed: 37", "  roles selected: Worker=17, Thinker=15, Verifier=5",
                "  agent slots selected: 0=12, 2=1, 3=9, 4=15").endsWith("PASS prompt-eval" + System.lineSeparator());
        assertThat(run.out()).doesNotContain("determinism mismatch");
        assertThat(run.err()).contains("run 2/2: routed 37/37 cases");
    }

    @Test
    void one_at_a_time_routing_gives_the_batched_decisions_and_a_snapshot_in_the_schema() throws IOException {
        // given
        Path out = dir.resolve("sub/snapshot.json");

        // when: batch size 1, json output, snapshot written
        CliRun run = CliRun.of(tiny("--cases", TINY_CASES, "--snapshot", TINY_SNAPSHOT,
                "--batch-size", "1", "--case", "root_cause", "--case", "math_direct", "--json",
                "--snapshot-out", out.toString()));

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("result").asText()).isEqualTo("PASS");
        assertThat(json.get("batch_size").asInt()).isEqualTo(1);
        assertThat(json.get("cases")).hasSize(2);
        assertThat(json.get("cases").get(0).get("id").asText()).isEqualTo("root_cause");
        assertThat(json.get("cases").get(0).get("logits")).hasSize(10);
        PromptEvalSnapshot written = PromptEvalSnapshot.read(out);
        PromptEvalSnapshot committed = PromptEvalSnapshot.read(Path.of(TINY_SNAPSHOT));
        assertThat(written.generatedAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(written.cases()).hasSize(2);
        for (SnapshotCase c : written.cases()) {
            SnapshotCase expected = committed.find(c.id()).orElseThrow();
            assertThat(c.agentId()).isEqualTo(expected.agentId());
            assertThat(c.roleId()).isEqualTo(expected.roleId());
            assertThat(c.tokenCount()).isEqualTo(expected.tokenCount());
            assertThat(c.transcriptHash()).isEqualTo(expected.transcriptHash());
            assertThat(c.agentLogitsRounded()).hasSize(7);
            assertThat(c.roleLogitsRounded()).hasSize(3);
            assertThat(c.agentMargin()).isCloseTo(expected.agentMargin(), org.assertj.core.api.Assertions.within(1e-4));
        }
        String text = Files.readString(out);
        assertThat(text).startsWith("{\n  \"cases\": [\n    {\n      \"agent_id\": ")
                .contains("\"generated_at\": ").endsWith("\"schema_version\": 1\n}");
    }

    @Test
    void a_margin_floor_breach_fails_the_case_and_exits_1() {
        CliRun run = CliRun.of("prompt-eval", "--threads", "2", "--cases", TINY_CASES, "--case", "math_direct",
                "--min-agent-margin", "1000", "--show-logits", "--verbose");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastErrLine()).isEqualTo("coordinator prompt-eval: failed cases=math_direct; see the FAIL "
                + "lines above");
        assertThat(run.out()).contains("[1/1] math_direct - FAIL", "is below the floor 1000.0 (--min-agent-margin)",
                "      agent_logits: [", "      role_logits: [", "Debug:", "  hidden_index: 13",
                "  route_hash: ", "  margins: agent ");
    }

    @Test
    void the_reference_expectations_fail_on_the_tiny_router_unless_report_only() {
        String referenceCases = BundledData.resolve(PromptEvalCommand.DEFAULT_CASES).toString();
        CliRun strict = CliRun.of("prompt-eval", "--threads", "2", "--cases", referenceCases, "--case", "math_direct");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.out()).contains("Reason: expected agent 4 role 2 (Verifier), router returned agent 4 "
                + "role 1 (Thinker)");

        CliRun report = CliRun.of("prompt-eval", "--threads", "2", "--cases", referenceCases, "--case", "math_direct",
                "--no-assert");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("[1/1] math_direct - REPORT ONLY", "Would fail: expected agent 4",
                "assertion mode: report only", "PASS prompt-eval");
    }

    @Test
    void list_cases_prints_the_ids_without_loading_a_model() {
        CliRun run = CliRun.of("prompt-eval", "--list-cases", "--cases", TINY_CASES);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).hasSize(37).startsWith("math_direct", "math_proof");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void an_unknown_case_is_a_usage_error_that_names_the_fix() {
        CliRun run = CliRun.of("prompt-eval", "--case", "math_direct", "--case", "no_such_case");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).isEqualTo(
                "coordinator prompt-eval: Unknown case \"no_such_case\". Run with --list-cases.");
    }

    @Test
    void bad_snapshot_and_cases_files_are_usage_errors_with_one_line() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"cases\": [");
        CliRun badSnapshot = CliRun.of("prompt-eval", "--tokens-only", "--snapshot", broken.toString());
        assertThat(badSnapshot.exitCode()).isEqualTo(2);
        assertThat(badSnapshot.lastErrLine()).startsWith("coordinator prompt-eval: snapshot file " + broken
                + " is not valid JSON (line 1, column ").endsWith("regenerate it with --snapshot-out");
        assertThat(badSnapshot.err().strip().lines()).hasSize(1);

        Path missing = dir.resolve("missing.json");
        CliRun noSnapshot = CliRun.of("prompt-eval", "--tokens-only", "--snapshot", missing.toString());
        assertThat(noSnapshot.exitCode()).isEqualTo(2);
        assertThat(noSnapshot.lastErrLine()).isEqualTo("coordinator prompt-eval: --snapshot " + missing
                + ": no such file");

        Path cases = Files.writeString(dir.resolve("cases.json"), "{\"schema_version\": 1, \"cases\": []}");
        CliRun emptyCases = CliRun.of("prompt-eval", "--list-cases", "--cases", cases.toString());
        assertThat(emptyCases.exitCode()).isEqualTo(2);
        assertThat(emptyCases.lastErrLine()).isEqualTo("coordinator prompt-eval: cases file " + cases
                + ": the \"cases\" list is empty");
    }

    @Test
    void with_no_flags_the_bundled_tiny_router_runs_on_its_own_cases_and_floors_and_passes() {
        CliRun run = CliRun.of("prompt-eval");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("margin floors: agent 0.11, role 0.03")
                .contains("cases file: " + BundledData.resolve("examples/fixtures/tiny_prompt_eval_cases.json"))
                .contains("  passed: 37").contains("  failed: 0").endsWith("PASS prompt-eval" + System.lineSeparator());

        // tokens-only compares the reference's cases with the reference's snapshot
        CliRun tokens = CliRun.of("prompt-eval", "--tokens-only", "--snapshot", REFERENCE_SNAPSHOT);
        assertThat(tokens.exitCode()).as(tokens.err()).isZero();
        assertThat(tokens.out()).contains("cases file: "
                + BundledData.resolve("examples/fixtures/qwen_router_prompt_eval_cases.json"));
    }

    @Test
    void an_unwritable_snapshot_out_is_refused_before_any_case_is_routed() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        CliRun run = CliRun.of("prompt-eval", "--case", "math_direct", "--snapshot-out",
                file.resolve("snap.json").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("routed");
        assertThat(run.lastErrLine()).isEqualTo("coordinator prompt-eval: --snapshot-out " + file.resolve("snap.json")
                + ": " + file + " is a file, not a directory");
    }

    @Test
    void flag_errors_are_usage_errors_with_exit_2() {
        assertUsage(CliRun.of("prompt-eval", "--tokens-only"), "--tokens-only compares token counts and "
                + "transcript hashes with a snapshot; pass --snapshot FILE");
        assertUsage(CliRun.of("prompt-eval", "--tokens-only", "--snapshot", REFERENCE_SNAPSHOT, "--snapshot-out",
                dir.resolve("x.json").toString()), "--tokens-only computes no routes, so there is no snapshot to "
                + "write; drop --snapshot-out");
        assertUsage(CliRun.of("prompt-eval", "--tokens-only", "--snapshot", REFERENCE_SNAPSHOT,
                "--determinism-runs", "2"), "--tokens-only computes no route hashes to compare; drop "
                + "--determinism-runs");
        assertUsage(CliRun.of("prompt-eval", "--tokens-only", "--snapshot", REFERENCE_SNAPSHOT, "--artifact-dir",
                dir.toString()), "--tokens-only loads no weights; drop --artifact-dir and --router-vector");
        assertUsage(CliRun.of("prompt-eval", "--batch-size", "0"), "--batch-size must be at least 1, got 0");
        assertUsage(CliRun.of("prompt-eval", "--min-agent-margin", "wide"),
                "--min-agent-margin must be a number or 'none', got \"wide\"");
        assertUsage(CliRun.of("prompt-eval", "--min-role-margin", "NaN"),
                "--min-role-margin must be a number or 'none', got \"NaN\"");
        assertUsage(CliRun.of("prompt-eval", "--artifact-dir", dir.toString(), "--router-vector",
                dir.resolve("v.safetensors").toString()), "--artifact-dir and --router-vector both give the "
                + "adapted weights; pass one");
        assertUsage(CliRun.of("prompt-eval", "--es-log", dir.resolve("log.json").toString()),
                "--es-log describes a --router-vector; pass --router-vector too");
        CliRun unknown = CliRun.of("prompt-eval", "--no-such-flag");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.lastErrLine()).startsWith("coordinator prompt-eval: Unknown option: '--no-such-flag'");
        CliRun positional = CliRun.of("prompt-eval", "extra");
        assertThat(positional.exitCode()).isEqualTo(2);
        assertThat(positional.lastErrLine()).contains("Unmatched argument");
    }

    @Test
    void none_disables_a_floor_and_a_model_that_does_not_fit_the_router_vector_fails_in_one_line() {
        CliRun run = CliRun.of("prompt-eval", "--threads", "2", "--cases", TINY_CASES, "--case", "math_direct",
                "--min-agent-margin", "none", "--min-role-margin", "none");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("margin floors: agent none, role none");

        // --model-dir alone means the Sakana vector (hidden 1024), which cannot fit the tiny model (hidden 64):
        // a usage error saying which flag to pass instead
        CliRun mismatch = CliRun.of("prompt-eval", "--threads", "2", "--model-dir",
                BundledData.resolve(BundledData.TINY_MODEL).toString(), "--case", "math_direct");
        assertThat(mismatch.exitCode()).isEqualTo(2);
        assertThat(mismatch.lastErrLine()).startsWith("coordinator prompt-eval: --model-dir alone selects Sakana's "
                + "router vector").contains("--router-vector priv/qwen3-tiny-svf/router_vector.safetensors");
    }

    private static void assertUsage(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.lastErrLine()).isEqualTo("coordinator prompt-eval: " + message);
    }
}
