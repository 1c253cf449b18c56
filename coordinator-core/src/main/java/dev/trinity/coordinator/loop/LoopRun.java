package dev.trinity.coordinator.loop;

import dev.trinity.coordinator.budget.BudgetExceeded;
import dev.trinity.coordinator.budget.BudgetTracker;
import dev.trinity.coordinator.budget.DispatchInfo;
import dev.trinity.coordinator.conversation.ConversationStore;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.hash.TraceHash;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.BoundSlot;
import dev.trinity.coordinator.pool.SlotSpec;
import dev.trinity.coordinator.provider.CallContext;
import dev.trinity.coordinator.provider.ChatRequest;
import dev.trinity.coordinator.provider.ChatResponse;
import dev.trinity.coordinator.provider.DispatchOutcome;
import dev.trinity.coordinator.provider.ProviderDispatcher;
import dev.trinity.coordinator.provider.ProviderException;
import dev.trinity.coordinator.role.RoleInjector;
import dev.trinity.coordinator.role.ThinkerParser;
import dev.trinity.coordinator.role.ThinkerSuggestion;
import dev.trinity.coordinator.role.VerifierParser;
import dev.trinity.coordinator.role.VerifierVerdict;
import dev.trinity.coordinator.route.AgentRole;
import dev.trinity.coordinator.trace.EventType;
import dev.trinity.coordinator.trace.Redactor;
import dev.trinity.coordinator.trace.RunTracer;
import dev.trinity.coordinator.trace.TraceContent;
import dev.trinity.coordinator.trace.TraceListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of the loop: all of its mutable state lives here and nowhere else. */
final class LoopRun {

    private static final Logger LOG = LoggerFactory.getLogger(LoopRun.class);

    private final Router router;
    private final AgentPool pool;
    private final ProviderDispatcher dispatcher;
    private final LongSupplier nanoTime;
    private final ConversationStore store;
    private final RunOptions options;
    private final RunTracer tracer;
    private final BudgetTracker budget;
    private final TurnEvents events;
    private final List<TurnRecord> turns = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final int[] roleTurns = new int[AgentRole.values().length];
    private String latestWorkerResponse;
    private ThinkerSuggestion suggestion;
    private int dispatches;
    private long providerLatencyMs;
    private long inputTokens;
    private long outputTokens;

    LoopRun(Router router, AgentPool pool, ProviderDispatcher dispatcher, LongSupplier nanoTime,
            LongSupplier epochMillis, List<TraceListener> listeners, ConversationStore store, RunOptions options) {
        this.router = router;
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.nanoTime = nanoTime;
        this.store = store;
        this.options = options;
        String runId = options.runId() != null ? options.runId() : "run_" + UUID.randomUUID();
        Set<String> secrets = new LinkedHashSet<>(pool.secretValues());
        secrets.addAll(options.redactionValues());
        this.tracer = new RunTracer(runId, new Redactor(secrets), listeners, epochMillis);
        this.budget = new BudgetTracker(options.budgets(), options.costEstimator(), nanoTime, this::warn);
        this.events = new TurnEvents(options.traceContent() == TraceContent.FULL, router.runtimeMetadata(),
                router.routingOptions());
    }

    RunResult execute() {
        tracer.emit(EventType.RUN_STARTED, Fields.of(
                "runtime_metadata", router.runtimeMetadata(),
                "max_turns", options.maxTurns(),
                "num_agents", router.numAgents(),
                "num_roles", router.numRoles(),
                "provider_mode", pool.allMock() ? "mock" : "live",
                "provider_pool", pool.pool().name(),
                "governed_authority_ref", pool.governedAuthorityRef().orElse(null)));
        latestWorkerResponse = store.lastAssistantContent();
        for (int turn = 0; ; turn++) {
            if (turn >= options.maxTurns()) {
                if (latestWorkerResponse != null) {
                    return complete(turn, latestWorkerResponse, Termination.MAX_TURNS_LATEST_WORKER_RESPONSE);
                }
                return fail(null, FailureKind.MAX_TURNS_REACHED, Fields.of("max_turns", options.maxTurns()));
            }
            Optional<BudgetExceeded> wall = budget.atTurnStart(turn);
            if (wall.isPresent()) {
                return budgetFailure(wall.get());
            }
            RunResult terminal = runTurn(turn);
            if (terminal != null) {
                return terminal;
            }
        }
    }

    /** One turn; returns the run's result when the turn ends the run, else null. */
    private RunResult runTurn(int turn) {
        List<Message> messages = store.messages();
        String transcriptHash = TraceHash.messages(messages);
        tracer.emit(EventType.TURN_STARTED, Fields.of("turn", turn, "max_turns", options.maxTurns(),
                "transcript_hash", transcriptHash, "message_count", messages.size()));

        long routeStart = nanoTime.getAsLong();
        TurnRoute route;
        try {
            route = router.route(messages);
        } catch (RuntimeException e) {
            return fail(turn, FailureKind.ROUTING_FAILED, Fields.of("error", e));
        }
        double routeMs = (nanoTime.getAsLong() - routeStart) / 1e6;
        tracer.emit(EventType.SLM_EXTRACTED, events.slmExtracted(turn, route, transcriptHash));

        AgentRole rawRole = AgentRole.fromId(route.roleId()).orElse(null);
        if (rawRole == null) {
            return fail(turn, FailureKind.UNKNOWN_ROLE, Fields.of("role_id", route.roleId()));
        }
        ThinkerSuggestion applied = options.respectThinkerSuggestions() ? suggestion : null;
        AgentRole role = applied != null ? applied.role() : rawRole;
        tracer.emit(EventType.ROUTE_SELECTED, events.routeSelected(turn, route, role, applied, routeMs));

        if (role == AgentRole.VERIFIER && latestWorkerResponse == null) {
            return fail(turn, FailureKind.VERIFIER_BEFORE_WORKER_RESPONSE, Fields.of("agent_id", route.agentId()));
        }
        suggestion = null;
        Optional<BoundSlot> bound = pool.slot(route.agentId());
        if (bound.isEmpty()) {
            return fail(turn, FailureKind.UNKNOWN_AGENT, Fields.of("agent_id", route.agentId(), "pool", pool.pool().name(),
                    "pool_size", pool.size()));
        }
        BoundSlot slot = bound.get();
        SlotSpec spec = slot.spec();
        List<Message> injected = RoleInjector.inject(messages, role.displayName());
        CallContext context = new CallContext(tracer.runId(), turn, route.agentId(), role.displayName(),
                roleTurns[role.id()]);
        ChatRequest request = new ChatRequest(injected, spec.model(), spec.maxTokens(), spec.temperature(),
                Duration.ofMillis(spec.timeoutMs()), context);
        tracer.emit(EventType.PROVIDER_CALLED, events.providerStarted(turn, slot, role));

        BudgetExceeded[] refused = new BudgetExceeded[1];
        long dispatchStart = nanoTime.getAsLong();
        DispatchOutcome outcome = dispatcher.dispatch(slot.provider(), request, attempt -> {
            Optional<BudgetExceeded> hit = budget.beforeDispatch(turn);
            hit.ifPresent(b -> refused[0] = b);
            return hit.isEmpty();
        });
        long latencyMs = Math.max(0, (nanoTime.getAsLong() - dispatchStart) / 1_000_000);

        if (outcome instanceof DispatchOutcome.Refused r) {
            if (r.lastError() != null) {
                tracer.emit(EventType.PROVIDER_CALLED, events.providerError(turn, slot, role, r.lastError(),
                        latencyMs, r.attempts()));
            }
            return budgetFailure(refused[0]);
        }
        if (outcome instanceof DispatchOutcome.Failed f) {
            ProviderException error = f.error();
            tracer.emit(EventType.PROVIDER_CALLED, events.providerError(turn, slot, role, error, latencyMs,
                    f.attempts()));
            return fail(turn, error.kind(), Fields.of("provider", slot.provider().kind().wireName(), "model", spec.model(),
                    "agent_id", route.agentId(), "http_status", error.statusCode() == 0 ? null : error.statusCode(),
                    "attempts", f.attempts(), "message", error.getMessage()));
        }
        DispatchOutcome.Completed completed = (DispatchOutcome.Completed) outcome;
        ChatResponse response = completed.response();
        String text = response.text();
        String responseHash = TraceHash.text(text);
        dispatches++;
        providerLatencyMs += latencyMs;
        inputTokens += response.inputTokens() == null ? 0 : response.inputTokens();
        outputTokens += response.outputTokens() == null ? 0 : response.outputTokens();
        tracer.emit(EventType.PROVIDER_CALLED, events.providerOk(turn, slot, role, response, responseHash,
                latencyMs, completed.attempts()));

        DispatchInfo info = new DispatchInfo(slot.provider().kind(), spec.model(), text,
                slot.mock() ? "mock" : "live", latencyMs, route.agentId(), role.displayName(),
                response.inputTokens(), response.outputTokens());
        Optional<BudgetExceeded> after = budget.afterDispatch(turn, info);
        if (after.isPresent()) {
            return budgetFailure(after.get());
        }

        store.appendAssistant(text);
        roleTurns[role.id()]++;
        VerifierVerdict verdict = role == AgentRole.VERIFIER
                ? VerifierParser.parse(text, options.stopToken(), null)
                : VerifierVerdict.notAVerifier(text);
        boolean accepted = role == AgentRole.VERIFIER && verdict.accepted();
        ThinkerSuggestion thinker = role == AgentRole.THINKER ? ThinkerParser.parse(text).orElse(null) : null;
        if (role == AgentRole.WORKER) {
            latestWorkerResponse = text;
        }
        suggestion = thinker;

        TurnRecord record = new TurnRecord(turn, route, role, applied != null, spec.label(), slot.provider().kind(),
                spec.model(), latencyMs, completed.attempts(), verdict.status(), accepted, responseHash, text,
                thinker == null ? null : thinker.role());
        turns.add(record);
        for (Consumer<TurnRecord> listener : options.turnListeners()) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                LOG.warn("turn listener {} failed on turn {} of run {}", listener.getClass().getName(), turn,
                        tracer.runId());
            }
        }
        tracer.emit(EventType.TURN_COMPLETED, events.turnCompleted(record, transcriptHash, slot, verdict, thinker,
                applied, text));

        if (accepted) {
            return complete(turn, text, Termination.ACCEPTED);
        }
        if (role == AgentRole.VERIFIER) {
            Optional<BudgetExceeded> revisions = budget.afterVerifierRevision(turn);
            if (revisions.isPresent()) {
                return budgetFailure(revisions.get());
            }
        }
        return null;
    }

    private RunResult complete(int turn, String text, Termination termination) {
        Map<String, Object> fields = Fields.of("turn", turn, "final_status", termination.wireName(),
                "response_hash", TraceHash.text(text), "turns_executed", turns.size());
        if (options.traceContent() == TraceContent.FULL) {
            fields.put("response_text", text);
        }
        tracer.emit(EventType.RUN_COMPLETED, fields);
        return new RunResult.Success(tracer.runId(), text, termination, latestWorkerResponse, turns, usage(),
                warnings);
    }

    private RunResult budgetFailure(BudgetExceeded exceeded) {
        Map<String, Object> fields = Fields.of("turn", exceeded.details().get("turn"),
                "reason", List.of("budget_exceeded", exceeded.kind().wireName()),
                "details", exceeded.details(), "turns_executed", turns.size());
        tracer.emit(EventType.RUN_FAILED, fields);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("budget", exceeded.kind().wireName());
        details.putAll(exceeded.details());
        return new RunResult.Failure(tracer.runId(), FailureKind.BUDGET_EXCEEDED, details, turns, usage(), warnings);
    }

    @SuppressWarnings("unchecked")
    private RunResult fail(Integer turn, FailureKind kind, Map<String, Object> details) {
        Map<String, Object> redacted = (Map<String, Object>) tracer.redactor().redact(details);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (turn != null) {
            fields.put("turn", turn);
        }
        fields.put("reason", kind.wireName());
        fields.put("details", redacted);
        fields.put("turns_executed", turns.size());
        tracer.emit(EventType.RUN_FAILED, fields);
        return new RunResult.Failure(tracer.runId(), kind, redacted, turns, usage(), warnings);
    }

    private void warn(String warning) {
        warnings.add(warning);
        LOG.warn("run {}: {}", tracer.runId(), warning);
    }

    private Usage usage() {
        return new Usage(dispatches, budget.providerCalls(), budget.verifierRevisions(), budget.estimatedCostUsd(),
                providerLatencyMs, inputTokens, outputTokens, budget.elapsedMs());
    }
}
