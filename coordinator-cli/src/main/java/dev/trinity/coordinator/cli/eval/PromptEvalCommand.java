package dev.trinity.coordinator.cli.eval;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.options.RouterLoading;
import dev.trinity.coordinator.cli.options.RouterOptions;
import dev.trinity.coordinator.cli.options.RouterSpec;
import dev.trinity.coordinator.cli.options.SelectionOptions;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.Transcript;
import dev.trinity.coordinator.eval.CaseRoute;
import dev.trinity.coordinator.eval.CaseRouter;
import dev.trinity.coordinator.eval.PromptEval;
import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.eval.PromptEvalCases;
import dev.trinity.coordinator.eval.PromptEvalListener;
import dev.trinity.coordinator.eval.PromptEvalOptions;
import dev.trinity.coordinator.eval.PromptEvalReport;
import dev.trinity.coordinator.eval.PromptEvalSnapshot;
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
            "Without a model flag it runs the bundled tiny demo router on its own cases and floors "
                    + "(examples/fixtures/tiny_prompt_eval_cases.json, floors 0.11 / 0.03); --model-dir alone uses the "
                    + "Sakana router vector on that "
                    + "Qwen3-0.6B with the reference's cases and floors (0.24 / 1.06).",
            "Examples:",
            "  coordinator prompt-eval --tokens-only --snapshot examples/fixtures/qwen_router_prompt_eval_logits.json",
            "  coordinator prompt-eval --model-dir DIR --snapshot examples/fixtures/"
                    + "qwen_router_prompt_eval_logits.json --determinism-runs 2"})
public final class PromptEvalCommand implements Callable<Integer> {

    static final String NAME = "prompt-eval";
    /** The reference's 37 cases, with the decisions of Qwen3-0.6B + the Sakana router. */
    static final String DEFAULT_CASES = "examples/fixtures/qwen_router_prompt_eval_cases.json";
    /** The same conversations with the bundled tiny demo router's own decisions (its regression check). */
    static final String TINY_CASES = "examples/fixtures/tiny_prompt_eval_cases.json";
    /** Margin floors for Qwen3-0.6B + the Sakana router: 80% of the reference's worst margins on CUDA. */
    static final String AGENT_FLOOR = "0.24";
    static final String ROLE_FLOOR = "1.06";
    /** The same 80% rule on the tiny demo router's worst margins (0.147, 0.049). */
    static final String TINY_AGENT_FLOOR = "0.11";
    static final String TINY_ROLE_FLOOR = "0.03";

    @Option(names = "--cases", paramLabel = "FILE",
            description = "The cases file (default: " + TINY_CASES + " for the bundled tiny demo router, else "
                    + DEFAULT_CASES + ").")
    Path casesFile;

    @Option(names = "--case", paramLabel = "ID", description = "Run only this case; repeatable.")
    List<String> caseIds = new ArrayList<>();

    @Option(names = "--list-cases", description = "Print the case ids, one per line, and exit.")
    boolean listCases;

    @Option(names = "--determinism-runs", paramLabel = "N", defaultValue = "1",
            description = "Route every case N times in this process; runs 2..N must reproduce run 1's route_hash "
                    + "(default: ${DEFAULT-VALUE}; values below 1 mean 1).")
    int determinismRuns;

    @Option(names = "--min-agent-margin", paramLabel = "F|none",
            description = "Agent-margin floor (default: " + AGENT_FLOOR + " for Qwen3-0.6B + the Sakana router, "
                    + TINY_AGENT_FLOOR + " for the bundled tiny demo router; 'none' skips the check).")
    String minAgentMargin;

    @Option(names = "--min-role-margin", paramLabel = "F|none",
            description = "Role-margin floor (default: " + ROLE_FLOOR + ", or " + TINY_ROLE_FLOOR + " for the bundled "
                    + "tiny demo router; 'none' skips the check).")
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
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
        validateFlags();
        PromptEvalSnapshot snapshot = snapshotFile == null ? null : readSnapshot(snapshotFile);
        PromptEvalOptions options = options(snapshot);
        if (tokensOnly) {
            return tokensOnly(out, err, selected, options);
        }
        RouterSpec spec = routerOptions.spec();
        try (LoadedRouter router = RouterLoading.load(spec, err)) {
            PromptEvalRouterInfo info = new PromptEvalRouterInfo(router.description() + ", selection "
                    + SelectionOptions.describe(spec.routing()),
                    RouterLoading.modelDir(spec).toString(), router.head().shape(), router.slots(),
                    casesPath().toString());
            CaseRouter caseRouter = CaseRouter.of(conversations -> route(router, conversations, spec.routing()),
                    router.extractor()::clearCache);
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
            PromptEvalRouterInfo info = new PromptEvalRouterInfo("none (tokens only)", tokenizer.file().toString(),
                    null, null, casesPath().toString());
            return finish(out, err, evaluate(err, selected, counter, options), info);
        } catch (IOException e) {
            throw CliFailure.failed(CliFailure.messageOf(e), e);
        }
    }

    private static List<CaseRoute> route(LoadedRouter router, List<List<Message>> conversations,
                                         RoutingOptions routing) {
        List<HiddenState> states = router.extractor().extractAll(conversations);
        List<CaseRoute> routes = new ArrayList<>(states.size());
        for (HiddenState state : states) {
            RouteDecision decision = router.head().route(state.vector(), routing);
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
            throw CliFailure.failed(CliFailure.messageOf(e), e);
        }
    }

    private int finish(PrintWriter out, PrintWriter err, PromptEvalReport report, PromptEvalRouterInfo info) {
        if (snapshotOut != null) {
            try {
                report.toSnapshot(Instant.now()).write(snapshotOut);
            } catch (IOException e) {
                throw CliFailure.failed("cannot write the snapshot " + snapshotOut + ": " + CliFailure.messageOf(e), e);
            }
        }
        if (json) {
            out.println(PromptEvalJson.render(report, info, tokensOnly, snapshotFile));
        } else {
            new PromptEvalText(tokensOnly, showLogits, verbose, snapshotFile, snapshotOut).print(out, report, info);
        }
        out.flush();
        if (!report.passed()) {
            throw CliFailure.failed("failed cases=" + String.join(", ", report.failedIds())
                    + (json ? "" : "; see the FAIL lines above"));
        }
        return 0;
    }

    /** The cases: input documents, so a missing or malformed file is a usage error like every other input. */
    private PromptEvalCases readCases() {
        Path file = InputFiles.file("--cases", casesPath());
        try {
            return PromptEvalCases.read(file);
        } catch (IOException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
    }

    private static PromptEvalSnapshot readSnapshot(Path file) {
        try {
            return PromptEvalSnapshot.read(InputFiles.file("--snapshot", file));
        } catch (IOException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
    }

    /** The cases file: {@code --cases}, else the default for the router that runs. */
    private Path casesPath() {
        return casesFile != null ? casesFile : BundledData.resolve(tinyDefaults() ? TINY_CASES : DEFAULT_CASES);
    }

    /**
     * Whether the defaults are the bundled tiny demo router's own (its cases and floors): no model flag, and
     * routes to compute. The reference's cases and floors describe Qwen3-0.6B + the Sakana router, which the tiny
     * router (random weights) cannot meet; {@code --tokens-only} checks the reference's cases against its snapshot.
     */
    private boolean tinyDefaults() {
        return !tokensOnly && routerOptions.modelDir == null && routerOptions.artifactDir == null
                && routerOptions.routerVector == null;
    }

    private void validateFlags() {
        if (batchSize < 1) {
            throw CliFailure.usage("--batch-size must be at least 1, got " + batchSize);
        }
        routerOptions.spec();
        InputFiles.writableFile("--snapshot-out", snapshotOut); // checked now, not after routing every case
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
            if (!routerOptions.spec().routing().equals(RoutingOptions.defaults())) {
                throw CliFailure.usage("--tokens-only routes nothing; drop --selection, --temperature and --seed");
            }
        }
    }

    private PromptEvalOptions options(PromptEvalSnapshot snapshot) {
        try {
            return PromptEvalOptions.builder()
                    .minAgentMargin(floor(minAgentMargin != null ? minAgentMargin
                            : tinyDefaults() ? TINY_AGENT_FLOOR : AGENT_FLOOR, "--min-agent-margin"))
                    .minRoleMargin(floor(minRoleMargin != null ? minRoleMargin
                            : tinyDefaults() ? TINY_ROLE_FLOOR : ROLE_FLOOR, "--min-role-margin"))
                    .assertChecks(!noAssert)
                    .determinismRuns(determinismRuns)
                    .snapshot(snapshot)
                    .tokensOnly(tokensOnly)
                    .batchSize(batchSize)
                    .build();
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
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
}
