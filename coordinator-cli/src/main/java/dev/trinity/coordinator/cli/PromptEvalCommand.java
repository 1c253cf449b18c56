package dev.trinity.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.bundled.BundledData;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.Transcript;
import dev.trinity.coordinator.eval.CaseResult;
import dev.trinity.coordinator.eval.CaseRoute;
import dev.trinity.coordinator.eval.CaseRouter;
import dev.trinity.coordinator.eval.DeterminismMismatch;
import dev.trinity.coordinator.eval.PromptEval;
import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.eval.PromptEvalCases;
import dev.trinity.coordinator.eval.PromptEvalListener;
import dev.trinity.coordinator.eval.PromptEvalOptions;
import dev.trinity.coordinator.eval.PromptEvalReport;
import dev.trinity.coordinator.eval.PromptEvalSnapshot;
import dev.trinity.coordinator.hash.TraceHash;
import dev.trinity.coordinator.route.AgentRole;
import dev.trinity.coordinator.route.AgentSlots;
import dev.trinity.coordinator.route.HiddenState;
import dev.trinity.coordinator.route.RouteDecision;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coordinator prompt-eval}: the promotion gate. Routes the prompt-eval cases, checks decisions, margin floors
 * and a snapshot, re-routes for determinism, and ends with {@code PASS prompt-eval} or the failed case ids (exit 1).
 */
@Command(name = "prompt-eval", mixinStandardHelpOptions = true,
        description = {"Route the prompt-eval cases and check decisions, margins and a determinism snapshot.",
            "Without a model flag it runs the bundled tiny demo router; --model-dir alone uses the Sakana router "
                    + "vector on that Qwen3-0.6B.",
            "Examples:",
            "  coordinator prompt-eval --tokens-only --snapshot examples/fixtures/qwen_router_prompt_eval_logits.json",
            "  coordinator prompt-eval --model-dir DIR --snapshot examples/fixtures/"
                    + "qwen_router_prompt_eval_logits.json --determinism-runs 2"})
final class PromptEvalCommand implements Callable<Integer> {

    static final String NAME = "prompt-eval";
    static final String DEFAULT_CASES = "examples/fixtures/qwen_router_prompt_eval_cases.json";

    @Option(names = "--cases", paramLabel = "FILE",
            description = "The cases file (default: " + DEFAULT_CASES + ").")
    Path casesFile;

    @Option(names = "--case", paramLabel = "ID", description = "Run only this case; repeatable.")
    List<String> caseIds = new ArrayList<>();

    @Option(names = "--list-cases", description = "Print the case ids, one per line, and exit.")
    boolean listCases;

    @Option(names = "--determinism-runs", paramLabel = "N", defaultValue = "1",
            description = "Route every case N times in this process; runs 2..N must reproduce run 1's route_hash "
                    + "(default: ${DEFAULT-VALUE}; values below 1 mean 1).")
    int determinismRuns;

    @Option(names = "--min-agent-margin", paramLabel = "F|none", defaultValue = "0.24",
            description = "Agent-margin floor (default: ${DEFAULT-VALUE}, for Qwen3-0.6B + the Sakana router; "
                    + "'none' skips the check).")
    String minAgentMargin;

    @Option(names = "--min-role-margin", paramLabel = "F|none", defaultValue = "1.06",
            description = "Role-margin floor (default: ${DEFAULT-VALUE}; 'none' skips the check).")
    String minRoleMargin;

    @Option(names = "--no-assert", description = "Report only: every case counts as passed (REPORT ONLY); "
            + "determinism mismatches still fail.")
    boolean noAssert;

    @Option(names = "--show-logits", description = "Print the agent and role logits of each case (5 decimals).")
    boolean showLogits;

    @Option(names = "--snapshot", paramLabel = "FILE",
            description = "Compare agent_id, role_id, token_count and transcript_hash with this snapshot.")
    Path snapshotFile;

    @Option(names = "--snapshot-out", paramLabel = "FILE", description = "Write this run's snapshot here.")
    Path snapshotOut;

    @Option(names = "--tokens-only", description = "Check only tokenization: token_count and transcript_hash "
            + "against --snapshot. Loads no weights (tokenizer from --model-dir or the bundled Qwen3 tokenizer).")
    boolean tokensOnly;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8",
            description = "Route this many cases per padded forward pass (default: ${DEFAULT-VALUE}; 1 = one at a "
                    + "time).")
    int batchSize;

    @Option(names = "--verbose", description = "Print a debug block per case (hidden index, hashes, margins).")
    boolean verbose;

    @Option(names = "--json", description = "Print one JSON object instead of the report.")
    boolean json;

    @Mixin
    RouterOptions routerOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PromptEvalCases cases = readCases();
        if (listCases) {
            cases.ids().forEach(out::println);
            return 0;
        }
        List<PromptEvalCase> selected;
        try {
            selected = cases.select(caseIds);
        } catch (PromptEvalCases.UnknownCaseException e) {
            throw CliFailure.usage(e.getMessage());
        }
        validateFlags();
        PromptEvalSnapshot snapshot = snapshotFile == null ? null : readSnapshot(snapshotFile);
        PromptEvalOptions options = options(snapshot);
        if (tokensOnly) {
            return tokensOnly(out, err, selected, options);
        }
        RouterSpec spec = routerOptions.spec();
        try (LoadedRouter router = RouterLoading.load(spec, err)) {
            Info info = new Info(router.description(), RouterLoading.modelDir(spec).toString(),
                    router.head().shape(), router.slots());
            CaseRouter caseRouter = conversations -> route(router, conversations);
            PromptEvalReport report = evaluate(err, selected, caseRouter, options);
            return finish(out, err, report, info);
        }
    }

    private int tokensOnly(PrintWriter out, PrintWriter err, List<PromptEvalCase> selected,
                           PromptEvalOptions options) {
        Path tokenizerPath = routerOptions.modelDir != null ? routerOptions.modelDir
                : BundledData.resolve(BundledData.TINY_MODEL).resolve("tokenizer.json");
        try (QwenTokenizer tokenizer = QwenTokenizer.load(tokenizerPath)) {
            CaseRouter counter = conversations -> conversations.stream()
                    .map(m -> CaseRoute.tokensOnly(tokenizer.encode(Transcript.format(m)).length)).toList();
            Info info = new Info("none (tokens only)", tokenizer.file().toString(), null, null);
            return finish(out, err, evaluate(err, selected, counter, options), info);
        } catch (IOException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    private static List<CaseRoute> route(LoadedRouter router, List<List<Message>> conversations) {
        List<HiddenState> states = router.extractor().extractAll(conversations);
        List<CaseRoute> routes = new ArrayList<>(states.size());
        for (HiddenState state : states) {
            RouteDecision decision = router.head().route(state.vector(), RoutingOptions.defaults());
            routes.add(new CaseRoute(state.tokenCount(), state.hiddenIndex(), decision));
        }
        return routes;
    }

    private PromptEvalReport evaluate(PrintWriter err, List<PromptEvalCase> selected, CaseRouter router,
                                      PromptEvalOptions options) {
        long[] runStart = {System.nanoTime()};
        PromptEvalListener progress = (run, runs, done, total) -> {
            err.printf(Locale.ROOT, "%s: run %d/%d: routed %d/%d cases", NAME, run, runs, done, total);
            if (done == total) {
                double seconds = (System.nanoTime() - runStart[0]) / 1e9;
                err.printf(Locale.ROOT, " in %.2f s (%.1f ms/case, batch size %d)", seconds, seconds * 1e3 / total,
                        options.batchSize());
                runStart[0] = System.nanoTime();
            }
            err.println();
            err.flush();
        };
        try {
            return PromptEval.run(selected, router, options, progress);
        } catch (IllegalArgumentException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    private int finish(PrintWriter out, PrintWriter err, PromptEvalReport report, Info info) {
        if (snapshotOut != null) {
            try {
                report.toSnapshot(Instant.now()).write(snapshotOut);
            } catch (IOException e) {
                throw CliFailure.failed("cannot write the snapshot " + snapshotOut + ": " + e.getMessage(), e);
            }
        }
        if (json) {
            out.println(toJson(report, info));
        } else {
            printReport(out, report, info);
        }
        out.flush();
        if (!report.passed()) {
            throw CliFailure.failed("failed cases=" + String.join(", ", report.failedIds())
                    + (json ? "" : "; see the FAIL lines above"));
        }
        return 0;
    }

    private PromptEvalCases readCases() {
        Path file = casesFile != null ? casesFile : BundledData.resolve(DEFAULT_CASES);
        try {
            return PromptEvalCases.read(file);
        } catch (IOException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    private static PromptEvalSnapshot readSnapshot(Path file) {
        try {
            return PromptEvalSnapshot.read(file);
        } catch (IOException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    private void validateFlags() {
        if (batchSize < 1) {
            throw CliFailure.usage("--batch-size must be at least 1, got " + batchSize);
        }
        routerOptions.spec();
        if (tokensOnly) {
            if (snapshotFile == null) {
                throw CliFailure.usage("--tokens-only compares token counts and transcript hashes with a snapshot; "
                        + "pass --snapshot FILE");
            }
            if (snapshotOut != null) {
                throw CliFailure.usage("--tokens-only computes no routes, so there is no snapshot to write; "
                        + "drop --snapshot-out");
            }
            if (determinismRuns > 1) {
                throw CliFailure.usage("--tokens-only computes no route hashes to compare; drop --determinism-runs");
            }
            if (routerOptions.artifactDir != null || routerOptions.routerVector != null) {
                throw CliFailure.usage("--tokens-only loads no weights; drop --artifact-dir and --router-vector");
            }
        }
    }

    private PromptEvalOptions options(PromptEvalSnapshot snapshot) {
        try {
            return PromptEvalOptions.builder()
                    .minAgentMargin(floor(minAgentMargin, "--min-agent-margin"))
                    .minRoleMargin(floor(minRoleMargin, "--min-role-margin"))
                    .assertChecks(!noAssert)
                    .determinismRuns(determinismRuns)
                    .snapshot(snapshot)
                    .tokensOnly(tokensOnly)
                    .batchSize(batchSize)
                    .build();
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    private static Double floor(String text, String flag) {
        if (text.trim().equalsIgnoreCase("none")) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw CliFailure.usage(flag + " must be a number or 'none', got \"" + text + "\"");
    }

    /** What the report header says about the router. */
    private record Info(String router, String model, int[] headShape, AgentSlots slots) {
        String label(int agent) {
            return slots == null ? "" : slots.label(agent);
        }
    }

    private void printReport(PrintWriter out, PromptEvalReport report, Info info) {
        PromptEvalOptions options = report.options();
        out.println();
        out.println("=== PROMPT EVAL ===");
        out.println("router: " + info.router());
        out.println((tokensOnly ? "tokenizer: " : "base router model: ") + info.model());
        if (info.headShape() != null) {
            out.println("router head shape: [" + info.headShape()[0] + ", " + info.headShape()[1] + "]");
        }
        out.println("assertion mode: " + (tokensOnly ? "tokens only" : options.assertChecks() ? "strict"
                : "report only"));
        if (!tokensOnly) {
            out.println("margin floors: agent " + floorText(options.minAgentMargin()) + ", role "
                    + floorText(options.minRoleMargin()));
        }
        out.println("snapshot: " + (snapshotFile == null ? "none" : snapshotFile));
        out.println("cases: " + report.results().size() + " (batch size " + options.batchSize()
                + ", determinism runs " + options.determinismRuns() + ")");
        int index = 0;
        for (CaseResult result : report.results()) {
            printCase(out, result, ++index, report.results().size(), info);
        }
        for (DeterminismMismatch mismatch : report.mismatches()) {
            out.println("  determinism mismatch case=" + mismatch.caseId() + " run=" + mismatch.run());
        }
        out.println();
        out.println("Summary");
        out.println("  passed: " + report.passedCount());
        out.println("  failed: " + report.failedCount());
        if (tokensOnly) {
            out.println("  tokens-only: " + report.passedCount() + "/" + report.results().size()
                    + " cases match the snapshot's token_count and transcript_hash");
        } else {
            out.println("  roles selected: " + counts(report.rolesSelected(), true));
            out.println("  agent slots selected: " + counts(report.agentSlotsSelected(), false));
        }
        if (!report.mismatches().isEmpty()) {
            out.println("  determinism mismatches: " + report.mismatches().size());
        }
        if (snapshotOut != null) {
            out.println("Snapshot written: " + snapshotOut + " (" + report.results().size() + " cases)");
        }
        if (report.passed()) {
            out.println();
            out.println("PASS " + NAME);
        }
    }

    private void printCase(PrintWriter out, CaseResult result, int index, int total, Info info) {
        out.println();
        out.println("[" + index + "/" + total + "] " + result.id() + " - " + result.status().label());
        if (result.reason() != null) {
            out.println((result.status().passed() ? "Would fail: " : "Reason: ") + result.reason());
        }
        out.println("Prompt sent to router:");
        Transcript.format(result.evalCase().messages()).lines().forEach(line -> out.println("  " + line));
        RouteDecision decision = result.route().decision();
        if (decision != null) {
            out.println("Expected route:");
            printRoute(out, result.evalCase().expectedAgentId(), result.evalCase().expectedRoleId(), info);
            out.println("Router returned:");
            printRoute(out, decision.agentId(), decision.roleId(), info);
        }
        out.println("Router input tokens: " + result.route().tokenCount());
        if (tokensOnly) {
            out.println("transcript_hash: " + result.transcriptHash());
        }
        if (showLogits && decision != null) {
            out.println("      agent_logits: " + fixed(decision.agentLogits()));
            out.println("      role_logits: " + fixed(decision.roleLogits()));
        }
        if (verbose) {
            out.println("Debug:");
            out.println("  hidden_index: " + result.route().hiddenIndex());
            out.println("  transcript_hash (trace): " + TraceHash.messages(result.evalCase().messages()));
            out.println("  transcript_hash (snapshot): " + result.transcriptHash());
            if (decision != null) {
                out.println("  route_hash: " + result.routeHash());
                out.println(String.format(Locale.ROOT, "  margins: agent %.5f, role %.5f", decision.agentMargin(),
                        decision.roleMargin()));
            }
        }
    }

    private static void printRoute(PrintWriter out, int agent, int role, Info info) {
        out.println("  agent " + agent + ": " + info.label(agent));
        out.println("  role  " + role + ": " + AgentRole.nameOf(role));
    }

    private static String counts(Map<Integer, Integer> counts, boolean roles) {
        StringJoiner joined = new StringJoiner(", ");
        counts.forEach((id, n) -> joined.add((roles ? AgentRole.nameOf(id) : String.valueOf(id)) + "=" + n));
        return joined.toString();
    }

    private static String floorText(Double floor) {
        return floor == null ? "none" : floor.toString();
    }

    private static String fixed(float[] values) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (float v : values) {
            joined.add(String.format(Locale.ROOT, "%.5f", v));
        }
        return joined.toString();
    }

    private String toJson(PromptEvalReport report, Info info) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        PromptEvalOptions options = report.options();
        root.put("result", report.passed() ? "PASS" : "FAIL");
        root.put("mode", tokensOnly ? "tokens_only" : options.assertChecks() ? "strict" : "report_only");
        root.put("router", info.router());
        root.put(tokensOnly ? "tokenizer" : "model", info.model());
        root.put("snapshot", snapshotFile == null ? null : snapshotFile.toString());
        root.put("batch_size", options.batchSize());
        root.put("determinism_runs", options.determinismRuns());
        if (!tokensOnly) {
            root.put("min_agent_margin", options.minAgentMargin());
            root.put("min_role_margin", options.minRoleMargin());
        }
        root.put("passed", report.passedCount());
        root.put("failed", report.failedCount());
        ArrayNode failed = root.putArray("failed_ids");
        report.failedIds().forEach(failed::add);
        ObjectNode roles = root.putObject("roles_selected");
        report.rolesSelected().forEach((id, n) -> roles.put(AgentRole.nameOf(id), n));
        ObjectNode agents = root.putObject("agent_slots_selected");
        report.agentSlotsSelected().forEach((id, n) -> agents.put(String.valueOf(id), n));
        ArrayNode mismatches = root.putArray("determinism_mismatches");
        for (DeterminismMismatch m : report.mismatches()) {
            mismatches.addObject().put("id", m.caseId()).put("run", m.run()).put("first_route_hash",
                    m.firstRouteHash()).put("route_hash", m.routeHash());
        }
        ArrayNode list = root.putArray("cases");
        for (CaseResult result : report.results()) {
            ObjectNode node = list.addObject();
            node.put("id", result.id());
            node.put("status", result.status().name().toLowerCase(Locale.ROOT));
            node.put("reason", result.reason());
            node.put("token_count", result.route().tokenCount());
            node.put("transcript_hash", result.transcriptHash());
            RouteDecision decision = result.route().decision();
            if (decision != null) {
                node.putObject("expected").put("agent_id", result.evalCase().expectedAgentId())
                        .put("role_id", result.evalCase().expectedRoleId());
                node.put("agent_id", decision.agentId());
                node.put("role_id", decision.roleId());
                node.put("role_name", decision.roleName());
                node.put("agent_margin", decision.agentMargin());
                node.put("role_margin", decision.roleMargin());
                ArrayNode logits = node.putArray("logits");
                for (float v : decision.logits()) {
                    logits.add(v);
                }
                node.put("hidden_index", result.route().hiddenIndex());
                node.put("route_hash", result.routeHash());
            }
        }
        return root.toPrettyString();
    }
}
