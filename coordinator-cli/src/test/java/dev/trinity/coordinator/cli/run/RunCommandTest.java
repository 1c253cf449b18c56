package dev.trinity.coordinator.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.cli.CoordinatorCli;
import dev.trinity.coordinator.cli.options.RouterSpec;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.loop.RouteExtraction;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.loop.TurnRoute;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

    @TempDir
    Path dir;

    private final AtomicReference<RouterSpec> seenSpec = new AtomicReference<>();
    private String stdout;
    private String stderr;

    /** Worker on the first turn, Verifier afterwards, agent 2. */
    private final Router workerThenVerifier = new Router() {
        @Override
        public TurnRoute route(List<Message> messages) {
            int role = messages.stream().anyMatch(m -> m.role().wireName().equals("assistant")) ? 2 : 0;
            float[] roles = {0f, 0f, 0f};
            roles[role] = 1f;
            return TurnRoute.of(2, role, new float[] {0f, 0f, 3f, 0f, 0f, 0f, 0f}, roles, "argmax", null,
                    new RouteExtraction(new int[] {1, 8}, new int[] {1, 4, 8}, "test", 4, 0.0));
        }
    };

    private int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        RouterFactory factory = spec -> {
            seenSpec.set(spec);
            return workerThenVerifier;
        };
        CommandLine cli = new CommandLine(new CoordinatorCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RunCommand.class ? cls.cast(new RunCommand(factory))
                        : CommandLine.defaultFactory().create(cls);
            }
        });
        int code = CoordinatorCli.execute(cli, args, new PrintWriter(out, true), new PrintWriter(err, true));
        stdout = out.toString();
        stderr = err.toString();
        return code;
    }

    @Test
    void should_pass_a_mock_run_with_a_summary_per_turn_and_a_trace() throws Exception {
        Path trace = dir.resolve("t/run.jsonl");

        int code = run("run", "--mock-provider", "--message", "6*7?", "--trace-out", trace.toString(),
                "--run-id", "cli_test", "--device", "cpu");

        assertThat(code).isZero();
        assertThat(stdout).contains("turn 0  agent 2 (mock_2)  Worker   mock/mock-agent-2")
                .contains("turn 1  agent 2 (mock_2)  Verifier mock/mock-agent-2")
                .contains("Verifier mock/mock-agent-2").contains("ACCEPT")
                .contains("result: Answer: 6 * 7 = 42.")
                .contains("termination: accepted: the Verifier accepted the latest answer at turn 1; 2 turn(s)")
                .endsWith("coordinator run: PASS" + System.lineSeparator());
        assertThat(Files.readAllLines(trace)).isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"cli_test\""));
        assertThat(seenSpec.get().device()).isEqualTo(DeviceSpec.CPU);
    }

    @Test
    void should_refuse_an_unusable_trace_file_before_the_router_loads() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");

        int code = run("run", "--mock", "--trace-out", file.resolve("run.jsonl").toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr.strip()).isEqualTo("coordinator run: --trace-out: cannot write trace file "
                + file.resolve("run.jsonl") + ": " + file + " is a file, not a directory");
        assertThat(seenSpec.get()).as("the router was never loaded").isNull();
        assertThat(stdout).isEmpty();

        assertThat(run("run", "--mock", "--trace-out", dir.toString())).isEqualTo(2);
        assertThat(stderr).contains("it is a directory");
    }

    @Test
    void should_gate_live_pools_without_allow_live() {
        int code = run("run", "--provider-pool", "default");

        assertThat(code).isEqualTo(2);
        assertThat(stderr).contains("coordinator run: live provider calls are gated").contains("--allow-live");
    }

    @Test
    void should_name_the_missing_credential_without_printing_secrets() {
        int code = run("run", "--allow-live", "--provider-pool", "default");

        assertThat(code).isEqualTo(2);
        assertThat(stderr).contains("OPENAI_API_KEY").contains("slot 0");
    }

    @Test
    void should_fail_with_one_line_and_exit_1_on_a_budget() {
        int code = run("run", "--mock", "--max-provider-calls", "1");

        assertThat(code).isEqualTo(1);
        assertThat(stderr.strip()).startsWith("coordinator run: run ").contains("failed: budget_exceeded: the "
                + "provider_calls budget ran out at turn 1 (before_dispatch): 2 against a limit of 1; raise "
                + "--max-provider-calls or shrink the loop").doesNotContain("\n").doesNotContain("{");
    }

    @Test
    void should_reject_bad_messages_files_naming_the_entry() throws Exception {
        Path file = dir.resolve("m.json");
        Files.writeString(file, "[{\"role\": \"user\", \"content\": \"hi\"}, "
                + "{\"role\": \"tool\", \"content\": \"x\"}]");

        int code = run("run", "--mock", "--messages", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr).contains("--messages " + file + ": message 1").contains("tool");
    }

    @Test
    void should_accept_with_a_live_pool_file_when_allowed() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            reply(server, "Result: 42", "ACCEPT: right");
            Path pool = dir.resolve("pool.json");
            Files.writeString(pool, "{\"name\": \"local\", \"defaults\": {\"provider\": \"openai-compatible\", "
                    + "\"base_url\": \"" + server.url("/v1") + "\", \"model\": \"tiny\"}}");

            int code = run("run", "--allow-live", "--provider-pool", pool.toString());

            assertThat(code).isZero();
            assertThat(stdout).contains("  ACCEPT").contains("result: Result: 42").contains("verifier: ACCEPT: right")
                    .contains("openai-compatible/tiny");
            assertThat(server.getRequestCount()).isEqualTo(2);
        }
    }

    /** Enqueues OpenAI chat replies with these texts (no usage reported). */
    @Test
    void should_say_what_the_provider_answered_in_a_sentence_not_a_map() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(401).body("{\"error\": {\"message\": \"bad key\"}}").build());
            Path pool = poolFile(server, null);

            int code = run("run", "--allow-live", "--provider-pool", pool.toString());

            assertThat(code).isEqualTo(1);
            assertThat(stderr.strip()).startsWith("coordinator run: run ")
                    .contains(" failed: provider_authentication_failed: openai-compatible POST " + server.url("/v1")
                            + "/chat/completions")
                    .contains("model tiny, HTTP 401, 1 attempt(s)); check the API key variable the pool names")
                    .doesNotContain("{provider=").doesNotContain("\n");
        }
    }

    @Test
    void should_name_a_turn_cap_without_any_answer_with_its_details_and_the_fix() {
        assertThat(run("run", "--mock", "--max-turns", "0")).isEqualTo(1);
        assertThat(stderr.strip()).endsWith(" failed: max_turns_reached (max_turns 0); no Worker answered; raise "
                + "--max-turns or inspect the trace");
    }

    private static void reply(MockWebServer server, String... texts) {
        for (String text : texts) {
            server.enqueue(new MockResponse.Builder().code(200)
                    .body("{\"choices\":[{\"message\":{\"content\":\"" + text + "\"}}]}").build());
        }
    }

    /** {@code run} under a governed packet for an openai-compatible server, with the key and extra flags. */
    private int runGoverned(MockWebServer server, String key, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--governed-authority-ref", "auth-1",
                "--governed-workflow-ref", "wf-1", "--governed-runtime-ref", "rt-1", "--governed-provider-pool-ref",
                "pool-1", "--governed-credential-ref", "cred-1", "--governed-provider", "openai-compatible",
                "--governed-model", "tiny", "--governed-base-url", server.url("/v1").toString(), "--governed-api-key",
                key));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** A pool file of openai-compatible slots at the server, with an optional price for every slot. */
    private Path poolFile(MockWebServer server, String price) throws Exception {
        return Files.writeString(dir.resolve("pool.json"), "{\"name\": \"local\", \"defaults\": {\"provider\": "
                + "\"openai-compatible\", \"base_url\": \"" + server.url("/v1") + "\", \"model\": \"tiny\""
                + (price == null ? "" : ", \"price_usd_per_million_tokens\": " + price) + "}}");
    }

    @Test
    void should_stop_at_the_cost_budget_priced_from_the_pool_and_the_reported_usage() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            // 1,000 prompt tokens at $1/M + 500 completion tokens at $2/M = $0.002 per call
            server.enqueue(new MockResponse.Builder().code(200).body("{\"choices\":[{\"message\":{\"content\":"
                    + "\"Result: 42\"}}],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500}}").build());
            Path pool = poolFile(server, "{\"input\": 1.0, \"output\": 2.0}");

            int code = run("run", "--allow-live", "--provider-pool", pool.toString(), "--max-estimated-cost-usd",
                    "0.0015");

            assertThat(code).isEqualTo(1);
            assertThat(stderr.strip()).contains("failed: budget_exceeded: the estimated_cost_usd budget ran out at "
                    + "turn 0 (after_dispatch): 0.002 USD against a limit of 0.0015 USD; raise --max-estimated-cost-usd");
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void should_refuse_a_cost_budget_without_prices_before_any_call() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            Path pool = poolFile(server, null);

            int code = run("run", "--allow-live", "--provider-pool", pool.toString(), "--max-estimated-cost-usd",
                    "0.01");

            assertThat(code).isEqualTo(2);
            assertThat(stderr.strip()).isEqualTo("coordinator run: --max-estimated-cost-usd needs prices, but pool "
                    + "local has no price_usd_per_million_tokens for any slot; add \"price_usd_per_million_tokens\": "
                    + "{\"input\": X, \"output\": Y} to the pool file's defaults or slots (see docs/loop.md)");
            assertThat(server.getRequestCount()).isZero();
            assertThat(seenSpec.get()).isNull();
            assertThat(run("run", "--mock", "--max-estimated-cost-usd", "1")).isEqualTo(2);
        }
    }

    @Test
    void should_warn_when_a_priced_provider_reports_no_usage() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            reply(server, "Result: 42", "ACCEPT: right");
            Path pool = poolFile(server, "{\"input\": 1.0, \"output\": 2.0}");

            int code = run("run", "--allow-live", "--provider-pool", pool.toString(), "--max-estimated-cost-usd",
                    "0.01");

            assertThat(code).isZero();
            assertThat(stdout).contains("warning: the cost of a dispatch to slot 2 (openai-compatible tiny) is "
                    + "unknown (the provider reported no token usage)");
        }
    }

    @Test
    void should_never_print_a_key_that_a_provider_echoes() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            String key = "sk-live-echoed-0123456789";
            reply(server, "Result: 42 (your key is " + key + ")", "ACCEPT: key " + key + " works");

            int code = runGoverned(server, key, "--trace-out", dir.resolve("t.jsonl").toString());

            assertThat(code).as(stderr).isZero();
            assertThat(stdout).contains("result: Result: 42 (your key is <redacted>)")
                    .contains("verifier: ACCEPT: key <redacted> works").doesNotContain(key);
            assertThat(stderr).doesNotContain(key);
            assertThat(Files.readString(dir.resolve("t.jsonl"))).doesNotContain(key)
                    .doesNotContain(server.url("/v1").toString()).contains("\"governed_authority_ref\":\"auth-1\"");
            assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + key);
        }
    }

    @Test
    void should_run_a_governed_packet_without_allow_live_on_every_router_slot() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            reply(server, "Result: 42", "ACCEPT: right");

            int code = runGoverned(server, "k-1");

            // the test router picks agent 2: a one-slot packet pool (the reference's demo) would fail unknown_agent
            assertThat(code).as(stderr).isZero();
            assertThat(stdout).contains("pool governed:pool-1 (live)").contains("agent 2 (governed_2)")
                    .contains("openai-compatible/tiny");
        }
    }

    @Test
    void should_name_the_flag_a_governed_packet_is_missing() {
        assertThat(run("run", "--governed-authority-ref", "a", "--governed-workflow-ref", "w",
                "--governed-runtime-ref", "r", "--governed-provider-pool-ref", "p", "--governed-api-key", "k"))
                .isEqualTo(2);
        assertThat(stderr.strip()).startsWith("coordinator run: governed authority: --governed-credential-ref is "
                + "missing");
        assertThat(run("run", "--mock", "--governed-authority-ref", "a")).isEqualTo(2);
        assertThat(stderr).contains("cannot be mocked; drop --mock");
        assertThat(run("run", "--governed-workflow-ref", "w")).isEqualTo(2);
        assertThat(stderr).contains("pass --governed-authority-ref too");
        assertThat(run("run", "--governed-authority-ref", "a", "--governed-api-key-env", "TRINITY_NO_SUCH_VAR_42"))
                .isEqualTo(2);
        assertThat(stderr).contains("--governed-api-key-env TRINITY_NO_SUCH_VAR_42: the variable is not set");
        assertThat(seenSpec.get()).isNull();
    }

    @Test
    void should_refuse_a_negative_turn_cap_and_a_blank_message_before_the_router_loads() {
        assertThat(run("run", "--mock", "--max-turns", "-1")).isEqualTo(2);
        assertThat(stderr.strip()).isEqualTo("coordinator run: --max-turns must be >= 0, got -1");
        assertThat(run("run", "--mock", "--message", " ")).isEqualTo(2);
        assertThat(stderr).contains("--message is blank");
        assertThat(seenSpec.get()).isNull();
    }

    @Test
    void should_reject_mock_with_another_pool() {
        assertThat(run("run", "--mock", "--provider-pool", "default")).isEqualTo(2);
        assertThat(stderr).contains("--mock uses the mock pool");
    }
}
