package dev.trinity.coordinator.examples;

import dev.trinity.coordinator.Coordinator;
import dev.trinity.coordinator.adapted.RouterSource;
import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.loop.RunEvent;
import dev.trinity.coordinator.loop.RunListener;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.Termination;
import dev.trinity.coordinator.loop.TurnRecord;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.PoolCostEstimator;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.pool.SlotSpec;
import dev.trinity.coordinator.pool.TokenPrice;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.provider.ProviderKind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the coordinator loop with a custom provider pool, prices and a cost budget, writing a JSONL trace.
 *
 * <p>The pool binds the seven agent slots to providers; here every slot is the offline mock team
 * ({@link MockChatProvider#rolePlaying()}: a Thinker that steers, a Worker that computes, a Verifier that recomputes
 * and answers ACCEPT or REVISE) with its own model name and price, so the example needs no network and no key. In
 * production a slot names {@code openai}, {@code anthropic}, {@code gemini} or an {@code openai-compatible} endpoint
 * instead (see {@code docs/loop.md}), with your vendor's prices.
 */
public final class RunWithCustomPool {

    /** The task: arithmetic, which the mock team really computes and checks. */
    static final String TASK = "What is 17 + 25? Show the working.";

    /** Illustrative prices in USD per million tokens (the mock reports words as tokens): use your vendor's. */
    static final TokenPrice LARGE = new TokenPrice(3.0, 15.0);
    static final TokenPrice SMALL = new TokenPrice(0.15, 0.60);

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
            boolean large = id < 2;
            slots.add(new SlotSpec(id, ProviderKind.MOCK, large ? "team-large" : "team-small", null, null, 256, 0.0,
                    30_000, "team_" + id, large ? LARGE : SMALL));
        }
        return new ProviderPool("team", slots);
    }

    /**
     * Routes with the bundled tiny router and runs up to eight turns on the custom pool, under a provider-call
     * and a cost budget priced from the pool.
     *
     * @param traceFile the JSONL trace to append to
     * @param out where to print the turns and the result
     * @return the run's result
     * @throws IOException when the router cannot be loaded or the trace cannot be written
     */
    public static RunResult run(Path traceFile, PrintStream out) throws IOException {
        ProviderPool team = teamPool();
        RunListener progress = new RunListener() {
            @Override
            public void onTurnCompleted(RunEvent.TurnCompleted event) {
                TurnRecord turn = event.record();
                out.println("turn " + turn.turn() + ": slot " + turn.agentLabel() + " on " + turn.model() + " as "
                        + turn.role().displayName() + ": " + turn.responseText().lines().findFirst().orElse(""));
            }
        };
        RunResult result;
        try (Coordinator coordinator = Coordinator.builder()
                .router(RouterSource.bundledTiny())
                .device(DeviceSpec.CPU)
                .threads(2)
                .pool(AgentPool.builder(team).mockProvider(MockChatProvider.rolePlaying()).build())
                .maxTurns(8)
                .budgets(Budgets.builder().maxProviderCalls(10L).maxEstimatedCostUsd(0.05).build())
                .costEstimator(PoolCostEstimator.of(team))
                .traceFile(traceFile)
                .listener(progress)
                .build()) {
            result = coordinator.run(TASK);
        }
        if (result instanceof RunResult.Success ok) {
            out.println("answer: " + (ok.termination() == Termination.ACCEPTED ? ok.latestWorkerResponse()
                    : ok.text()));
            out.println("success (" + ok.termination().wireName() + "): " + ok.text());
        } else {
            out.println("failure: " + ((RunResult.Failure) result).describe());
        }
        out.println(String.format(Locale.ROOT, "cost: $%.6f over %d provider call(s)",
                result.usage().estimatedCostUsd(), result.usage().providerCalls()));
        out.println("trace: " + traceFile + " (" + Files.readAllLines(traceFile).size() + " events)");
        return result;
    }
}
