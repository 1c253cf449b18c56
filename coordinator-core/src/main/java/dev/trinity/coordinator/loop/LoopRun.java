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
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.role.RoleInjector;
import dev.trinity.coordinator.role.ThinkerParser;
import dev.trinity.coordinator.role.ThinkerSuggestion;
import dev.trinity.coordinator.role.VerifierParser;
import dev.trinity.coordinator.role.VerifierVerdict;
import dev.trinity.coordinator.trace.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
    private final String runId;
    private final Redactor redactor;
    private final LongSupplier epochMillis;
    private final RunListeners listeners;
    private final BudgetTracker budget;
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
            LongSupplier epochMillis, List<RunListener> listeners, ConversationStore store, RunOptions options) {
        this.router = router;
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.nanoTime = nanoTime;
        this.store = store;
        this.options = options;
        this.runId = options.runId() != null ? options.runId() : "run_" + UUID.randomUUID();
        Set<String> secrets = new LinkedHashSet<>(pool.secretValues());
        secrets.addAll(options.redactionValues());
        this.redactor = new Redactor(secrets);
        this.epochMillis = epochMillis;
        this.listeners = new RunListeners(listeners);
        this.budget = new BudgetTracker(options.budgets(), options.costEstimator(), nanoTime, this::warn);
    }

    /** The context of an event happening now. */
    private RunEvent.Context now() {
        return new RunEvent.Context(runId, epochMillis.getAsLong(), options.traceContent(), redactor);
    }

    RunResult execute() {
        listeners.emit(new RunEvent.RunStarted(now(), router.runtimeMetadata(), options.maxTurns(), router.numAgents(),
                router.numRoles(), pool.allMock(), pool.pool().name(), pool.governedAuthorityRef().orElse(null)));
        latestWorkerResponse = store.lastAssistantContent();
        for (int turn = 0; ; turn++) {
            if (turn >= options.maxTurns()) {
                if (latestWorkerResponse != null) {
                    return complete(turn, latestWorkerResponse, Termination.MAX_TURNS_LATEST_WORKER_RESPONSE);
                }
                return fail(null, FailureKind.MAX_TURNS_REACHED, details("max_turns", options.maxTurns()));
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
        listeners.emit(new RunEvent.TurnStarted(now(), turn, options.maxTurns(), transcriptHash, messages.size()));

        long routeStart = nanoTime.getAsLong();
        TurnRoute route;
        try {
            route = router.route(messages);
        } catch (RuntimeException e) {
            return fail(turn, FailureKind.ROUTING_FAILED, details("error", e));
        }
        double routeMs = (nanoTime.getAsLong() - routeStart) / 1e6;
        listeners.emit(new RunEvent.VectorExtracted(now(), turn, route, transcriptHash));

        AgentRole rawRole = AgentRole.fromId(route.roleId()).orElse(null);
        if (rawRole == null) {
            return fail(turn, FailureKind.UNKNOWN_ROLE, details("role_id", route.roleId()));
        }
        ThinkerSuggestion applied = options.respectThinkerSuggestions() ? suggestion : null;
        AgentRole role = applied != null ? applied.role() : rawRole;
        listeners.emit(new RunEvent.RouteSelected(now(), turn, route, role, applied, routeMs, router.routingOptions()));

        if (role == AgentRole.VERIFIER && latestWorkerResponse == null) {
            return fail(turn, FailureKind.VERIFIER_BEFORE_WORKER_RESPONSE, details("agent_id", route.agentId()));
        }
        suggestion = null;
        Optional<BoundSlot> bound = pool.slot(route.agentId());
        if (bound.isEmpty()) {
            return fail(turn, FailureKind.UNKNOWN_AGENT, details("agent_id", route.agentId(), "pool", pool.pool().name(),
                    "pool_size", pool.size()));
        }
        BoundSlot slot = bound.get();
        SlotSpec spec = slot.spec();
        List<Message> injected = RoleInjector.inject(messages, role.displayName());
        CallContext context = new CallContext(runId, turn, route.agentId(), role.displayName(),
                roleTurns[role.id()]);
        ChatRequest request = new ChatRequest(injected, spec.model(), spec.maxTokens(), spec.temperature(),
                Duration.ofMillis(spec.timeoutMs()), context);
        listeners.emit(new RunEvent.ProviderCallStarted(now(), turn, slot, role));

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
                listeners.emit(new RunEvent.ProviderCallFailed(now(), turn, slot, role, r.lastError(), latencyMs,
                        r.attempts()));
            }
            return budgetFailure(refused[0]);
        }
        if (outcome instanceof DispatchOutcome.Failed f) {
            ProviderException error = f.error();
            listeners.emit(new RunEvent.ProviderCallFailed(now(), turn, slot, role, error, latencyMs, f.attempts()));
            return fail(turn, error.kind(), details("provider", slot.provider().kind().wireName(), "model", spec.model(),
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
        listeners.emit(new RunEvent.ProviderCallSucceeded(now(), turn, slot, role, response, responseHash, latencyMs,
                completed.attempts()));

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
        if (role == AgentRole.VERIFIER) {
            listeners.emit(new RunEvent.VerdictGiven(now(), turn, verdict));
        }
        listeners.emit(new RunEvent.TurnCompleted(now(), record, transcriptHash, slot, verdict, thinker, applied,
                router.routingOptions(), router.runtimeMetadata()));

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
        RunResult.Success result = new RunResult.Success(runId, text, termination, latestWorkerResponse, turns,
                usage(), warnings);
        listeners.emit(new RunEvent.RunCompleted(now(), turn, result));
        return result;
    }

    private RunResult budgetFailure(BudgetExceeded exceeded) {
        listeners.emit(new RunEvent.BudgetExceeded(now(), exceeded));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("budget", exceeded.kind().wireName());
        details.putAll(exceeded.details());
        RunResult.Failure result = new RunResult.Failure(runId, FailureKind.BUDGET_EXCEEDED, details, turns, usage(),
                warnings);
        Object turn = exceeded.details().get("turn");
        listeners.emit(new RunEvent.RunFailed(now(), turn instanceof Integer t ? t : null, result, exceeded));
        return result;
    }

    @SuppressWarnings("unchecked")
    private RunResult fail(Integer turn, FailureKind kind, Map<String, Object> details) {
        Map<String, Object> redacted = (Map<String, Object>) redactor.redact(details);
        RunResult.Failure result = new RunResult.Failure(runId, kind, redacted, turns, usage(), warnings);
        listeners.emit(new RunEvent.RunFailed(now(), turn, result, null));
        return result;
    }

    /** Failure details: ordered key/value pairs that may hold nulls. */
    private static Map<String, Object> details(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>(keyValues.length);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private void warn(String warning) {
        warnings.add(warning);
        LOG.warn("run {}: {}", runId, warning);
    }

    private Usage usage() {
        return new Usage(dispatches, budget.providerCalls(), budget.verifierRevisions(), budget.estimatedCostUsd(),
                providerLatencyMs, inputTokens, outputTokens, budget.elapsedMs());
    }
}
