package dev.trinity.coordinator.examples;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.budget.CostEstimator;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.Orchestrator;
import dev.trinity.coordinator.loop.RunOptions;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.TurnRecord;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderKind;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.pool.SlotSpec;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.route.AgentRole;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.trace.JsonlTraceSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the coordinator loop with a custom provider pool and a cost estimator, writing a JSONL trace.
 *
 * <p>The pool binds the seven agent slots to providers; here every slot is the offline mock provider with its own
 * model name, so the example needs no network and no key. In production a slot names {@code openai},
 * {@code anthropic} or an {@code openai-compatible} endpoint instead (see {@code docs/loop.md}). The cost estimator
 * is yours: the coordinator ships no pricing table.
 */
public final class RunWithCustomPool {

    /** Illustrative prices in USD per 1,000 reply characters, by model: supply your vendor's real prices. */
    static final Map<String, Double> USD_PER_1000_CHARS = Map.of("team-large", 0.02, "team-small", 0.002);

    private RunWithCustomPool() {
    }

    /** Runs one conversation; {@code args[0]} is the trace file (default {@code run.jsonl}). */
    public static void main(String[] args) throws IOException {
        RunResult result = run(Path.of(args.length > 0 ? args[0] : "run.jsonl"), System.out);
        System.exit(result instanceof RunResult.Success ? 0 : 1);
    }

    /** The custom pool: slots 0 and 1 on a "large" model, the rest on a "small" one, all on the mock provider. */
    static ProviderPool teamPool() {
        List<SlotSpec> slots = new ArrayList<>();
        for (int id = 0; id < ProviderPool.AGENT_SLOTS; id++) {
            String model = id < 2 ? "team-large" : "team-small";
            slots.add(new SlotSpec(id, ProviderKind.MOCK, model, null, null, 256, 0.0, 30_000, "team_" + id));
        }
        return new ProviderPool("team", slots);
    }

    /** Estimates a dispatch's cost from the reply length and the model's price. */
    static final CostEstimator COST = dispatch -> USD_PER_1000_CHARS.getOrDefault(dispatch.model(), 0.01)
            * dispatch.responseText().length() / 1000.0;

    /**
     * Routes with the bundled tiny router and runs up to five turns on the custom pool.
     *
     * @param traceFile the JSONL trace to append to
     * @param out where to print the turns and the result
     * @return the run's result
     * @throws IOException when the router cannot be loaded
     */
    public static RunResult run(Path traceFile, PrintStream out) throws IOException {
        MockChatProvider replies = MockChatProvider.builder()
                .reply(AgentRole.WORKER, "17 + 25 = 42.")
                .reply(AgentRole.THINKER, "Plan: add the tens, then the ones.")
                .respond(AgentRole.VERIFIER, request -> "ACCEPT: 42 is correct.")
                .build();
        AgentPool pool = AgentPool.builder(teamPool()).mockProvider(replies).build();
        try (LoadedRouter router = BundledRouter.load();
             JsonlTraceSink trace = JsonlTraceSink.of(traceFile)) {
            Orchestrator orchestrator = Orchestrator.builder(router.loopRouter(RoutingOptions.defaults()), pool)
                    .build();
            RunOptions options = RunOptions.builder()
                    .maxTurns(5)
                    .budgets(Budgets.builder().maxProviderCalls(10L).maxEstimatedCostUsd(0.05).build())
                    .costEstimator(COST)
                    .traceListener(trace)
                    .build();
            RunResult result = orchestrator.run(List.of(Message.user("What is 17 + 25? Answer briefly.")), options);
            for (TurnRecord turn : result.turns()) {
                out.println("turn " + turn.turn() + ": slot " + turn.agentLabel() + " on " + turn.model() + " as "
                        + turn.role() + (turn.accepted() ? " (accepted)" : ""));
            }
            out.println(result instanceof RunResult.Success ok
                    ? "success (" + ok.termination() + "): " + ok.text()
                    : "failure: " + ((RunResult.Failure) result).describe());
            out.println("trace: " + trace.currentPath() + " (" + trace.lines() + " events)");
            return result;
        }
    }
}
