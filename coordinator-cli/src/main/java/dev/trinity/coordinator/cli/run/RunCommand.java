package dev.trinity.coordinator.cli.run;

import dev.trinity.coordinator.Coordinator;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.budget.CostEstimator;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.options.GovernedOptions;
import dev.trinity.coordinator.cli.options.PoolLoading;
import dev.trinity.coordinator.cli.options.RouterLoading;
import dev.trinity.coordinator.cli.options.RouterOptions;
import dev.trinity.coordinator.cli.options.RouterSpec;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessageRole;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.loop.RunOptions;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.GovernedAuthority;
import dev.trinity.coordinator.pool.PoolCostEstimator;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.trace.JsonlTraceSink;
import dev.trinity.coordinator.trace.Redactor;
import dev.trinity.coordinator.trace.TraceContent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coordinator run}: runs the coordinator loop on a conversation and prints one line per turn.
 *
 * <p>Live provider calls need {@code --allow-live}; {@code --mock} runs offline on the mock pool. Ends
 * with {@code coordinator run: PASS} (Verifier accepted, or turn cap with an answer) or one failure line (exit 1).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the coordinator loop: route each turn, call the slot's provider, stop when the Verifier "
                + "accepts (or at the turn cap).",
            "The offline demo: coordinator run --mock (the bundled tiny router and a mock team that computes and "
                + "checks 17 * 24). Live: --allow-live --provider-pool mock|default|gemini|FILE, or a governed packet "
                + "(--governed-*)."})
public final class RunCommand implements Callable<Integer> {

    static final String DEFAULT_MESSAGE = "What is 17 * 24? Show the working.";

    /** The turn cap: a Thinker-steered cycle with one revision (plan, answer, check, revise, check) takes 8. */
    static final int DEFAULT_MAX_TURNS = 8;

    /** Said when the bundled tiny router routes for the mock team, so nobody reads meaning into its picks. */
    static final String DEMO_NOTE = "note: the bundled tiny router is real but has random weights, so its picks "
            + "carry no meaning (it mostly picks the Thinker here); the mock team's Thinker steers with "
            + "<suggested_role> tags, which the loop follows for one turn. For real routing pass --model-dir "
            + "(Qwen3-0.6B), for real agents --allow-live --provider-pool.";

    @Spec
    private CommandSpec spec;

    @Option(names = {"--mock", "--mock-provider"},
            description = "Use the offline mock pool: a mock team that plays the three roles (no network, no key).")
    private boolean mock;

    @Option(names = "--allow-live", description = "Allow calls to real providers of the pool.")
    private boolean allowLive;

    @Option(names = "--provider-pool", paramLabel = "NAME|FILE",
            description = "mock, default, gemini or a pool JSON file (default: mock with --mock, else default).")
    private String providerPool;

    /** The conversation: one user message or a file, never both. */
    static final class Input {
        @Option(names = "--message", paramLabel = "TEXT",
                description = "The user message (default: \"" + DEFAULT_MESSAGE + "\").")
        String message;

        @Option(names = "--messages", paramLabel = "FILE", description = "A JSON array of {role, content} messages.")
        Path messagesFile;
    }

    @ArgGroup(multiplicity = "0..1")
    private Input input;

    @Option(names = "--max-turns", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_TURNS,
            description = "Turn cap (default ${DEFAULT-VALUE}: a plan, an answer, a check, a revision and a second "
                    + "check, each after a Thinker turn; the library's default is the reference's 5).")
    private int maxTurns;

    @Option(names = "--max-wall-time-ms", paramLabel = "MS", description = "Budget: run wall time in ms.")
    private Long maxWallTimeMs;

    @Option(names = "--max-provider-calls", paramLabel = "N",
            description = "Budget: HTTP attempts allowed (retries count).")
    private Long maxProviderCalls;

    @Option(names = "--max-provider-latency-ms", paramLabel = "MS",
            description = "Budget: latency of one dispatch in ms.")
    private Long maxProviderLatencyMs;

    @Option(names = "--max-verifier-revisions", paramLabel = "N",
            description = "Budget: rejecting Verifier turns allowed.")
    private Long maxVerifierRevisions;

    @Option(names = "--max-estimated-cost-usd", paramLabel = "USD",
            description = "Budget: cumulative cost in USD, priced from the pool file's price_usd_per_million_tokens "
                    + "and the token usage each provider reports (a pool without prices is refused).")
    private Double maxEstimatedCostUsd;

    @Option(names = "--trace-out", paramLabel = "FILE", description = "Write the JSONL trace here.")
    private Path traceOut;

    @Option(names = "--trace-content", paramLabel = "hash|full", defaultValue = "hash",
            description = "hash (default: hashes of free text) or full (adds the reply texts; for debugging).")
    private String traceContent;

    @Option(names = "--run-id", paramLabel = "ID", description = "The run id (default: a fresh one).")
    private String runId;

    @Mixin
    private RouterOptions routerOptions;

    @Mixin
    private GovernedOptions governed;

    private final RouterFactory routerFactory;

    /** The command with the Qwen3 router. */
    public RunCommand() {
        this(null);
    }

    /**
     * The command with a given router factory (tests, embedders).
     *
     * @param routerFactory the factory, or null for the Qwen3 router
     */
    public RunCommand(RouterFactory routerFactory) {
        this.routerFactory = routerFactory;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (maxTurns < 0) {
            throw CliFailure.usage("--max-turns must be >= 0, got " + maxTurns);
        }
        if (input != null && input.message != null && input.message.isBlank()) {
            throw CliFailure.usage("--message is blank; give the task as text (or a conversation with --messages)");
        }
        List<Message> conversation = input != null && input.messagesFile != null
                ? InputFiles.messages("--messages", input.messagesFile)
                : List.of(Message.user(input != null && input.message != null ? input.message : DEFAULT_MESSAGE));
        RunOptions.Builder options = RunOptions.builder().maxTurns(maxTurns).runId(runId).budgets(budgets());
        options.traceContent(traceContent());
        AgentPool pool = bindPool();
        if (maxEstimatedCostUsd != null) {
            options.costEstimator(costEstimator(pool));
        }
        RouterSpec routerSpec = routerOptions.spec();
        RunResult result;
        RunReport report = new RunReport(out, pool);
        // the trace opens before the router loads (a bad path costs nothing); a router the CLI loads is closed here
        try (JsonlTraceSink sink = openTrace();
             LoadedRouter loaded = routerFactory == null ? RouterLoading.load(routerSpec, spec.commandLine().getErr())
                     : null;
             Coordinator coordinator = coordinator(loaded != null ? loaded : routerFactory.create(routerSpec), pool,
                     report, sink)) {
            out.println("coordinator run: pool " + pool.pool().name() + " (" + (pool.allMock() ? "mock" : "live")
                    + "), max turns " + maxTurns + (traceOut == null ? "" : ", trace " + traceOut));
            out.println("task: " + new Redactor(pool.secretValues()).redactText(lastUserMessage(conversation)));
            if (routerFactory == null && routerSpec.bundledDemo() && pool.allMock()) {
                out.println(DEMO_NOTE);
            }
            out.println();
            result = coordinator.run(conversation, options.build());
        }
        if (traceOut != null && !Files.isRegularFile(traceOut)) {
            throw CliFailure.failed("trace file was not written: " + traceOut);
        }
        return report.finish(result, maxTurns);
    }

    /** The library's front door on a router the CLI owns, with the console report and the trace as listeners. */
    private static Coordinator coordinator(Router router, AgentPool pool, RunReport report, JsonlTraceSink sink) {
        Coordinator.Builder coordinator = Coordinator.builder().router(router).pool(pool).listener(report);
        if (sink != null) {
            coordinator.listener(sink);
        }
        try {
            return coordinator.build();
        } catch (IOException e) {
            throw CliFailure.failed(CliFailure.messageOf(e), e);
        }
    }

    private static String lastUserMessage(List<Message> conversation) {
        for (int i = conversation.size() - 1; i >= 0; i--) {
            if (conversation.get(i).role() == MessageRole.USER) {
                return conversation.get(i).content().strip().lines().findFirst().orElse("");
            }
        }
        return "(no user message)";
    }

    /** The pool's prices as the cost budget's estimator; a budget without prices could never fire. */
    private static CostEstimator costEstimator(AgentPool pool) {
        try {
            return PoolCostEstimator.of(pool.pool());
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--max-estimated-cost-usd needs prices, but " + CliFailure.messageOf(e) + "; add "
                    + "\"price_usd_per_million_tokens\": {\"input\": X, \"output\": Y} to the pool file's defaults "
                    + "or slots (see docs/loop.md)");
        }
    }

    /** The trace sink, opened now (parents created), or null without {@code --trace-out}. */
    private JsonlTraceSink openTrace() {
        if (traceOut == null) {
            return null;
        }
        try {
            return JsonlTraceSink.of(traceOut).open();
        } catch (IOException e) {
            throw CliFailure.usage("--trace-out: " + CliFailure.messageOf(e));
        }
    }

    private Budgets budgets() {
        try {
            return Budgets.builder().maxWallTimeMs(maxWallTimeMs).maxProviderCalls(maxProviderCalls)
                    .maxProviderLatencyMs(maxProviderLatencyMs).maxVerifierRevisions(maxVerifierRevisions)
                    .maxEstimatedCostUsd(maxEstimatedCostUsd).build();
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--" + CliFailure.messageOf(e).replace('_', '-'));
        }
    }

    private TraceContent traceContent() {
        try {
            return TraceContent.parse(traceContent);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--trace-content must be hash or full, got \"" + traceContent + "\"");
        }
    }

    private AgentPool bindPool() {
        if (governed.given()) {
            return bindGoverned();
        }
        if (mock && providerPool != null && !providerPool.strip().equals("mock")) {
            throw CliFailure.usage("--mock uses the mock pool; drop --provider-pool " + providerPool
                    + " or drop --mock and pass --allow-live");
        }
        String poolName = mock ? "mock" : providerPool == null ? "default" : providerPool.strip();
        ProviderPool pool = PoolLoading.resolve(poolName);
        if (!pool.allMock() && !allowLive) {
            throw CliFailure.usage("live provider calls are gated: pass --mock for an offline run, or "
                    + "--allow-live to call the providers of pool " + pool.name());
        }
        return PoolLoading.bind(pool);
    }

    /** A governed run: the packet carries pool and key, so it is neither mocked nor given another pool. */
    private AgentPool bindGoverned() {
        if (mock || providerPool != null) {
            throw CliFailure.usage("a governed run takes its pool and credential from the packet and cannot be "
                    + "mocked; drop " + (mock ? "--mock" : "--provider-pool"));
        }
        GovernedAuthority packet = governed.packet(ProviderPool.AGENT_SLOTS, System.getenv());
        try {
            return AgentPool.governed(packet, null);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(CliFailure.messageOf(e));
        }
    }
}
