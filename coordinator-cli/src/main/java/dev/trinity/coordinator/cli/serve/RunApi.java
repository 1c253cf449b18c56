package dev.trinity.coordinator.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.budget.BudgetKind;
import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessagesJson;
import dev.trinity.coordinator.loop.Orchestrator;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.loop.RunOptions;
import dev.trinity.coordinator.loop.RunEvent;
import dev.trinity.coordinator.loop.RunListener;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.TurnRecord;
import dev.trinity.coordinator.loop.Usage;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.PoolCostEstimator;
import dev.trinity.coordinator.role.VerifierStatus;
import dev.trinity.coordinator.trace.Redactor;
import dev.trinity.coordinator.trace.TraceEvent;
import dev.trinity.coordinator.trace.TraceWire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/runs}: one coordinator run on the server's pool (the offline mock team unless the server was
 * started with {@code --allow-live} and a pool), answered with its result and its trace events (redacted, as the
 * JSONL trace writes them).
 */
final class RunApi {

    /** The turn cap when the request gives none: as {@code coordinator run}. */
    static final int DEFAULT_MAX_TURNS = 8;
    private static final int MAX_TURNS_CAP = 64;
    private static final Set<String> KEYS = Set.of("message", "messages", "budgets", "max_turns", "run_id");
    private static final Set<String> BUDGET_KEYS = Arrays.stream(BudgetKind.values()).map(BudgetKind::limitName)
            .collect(Collectors.toUnmodifiableSet());

    private final ObjectMapper json;
    private final AgentPool pool;
    private final Orchestrator orchestrator;
    private final Redactor redactor;

    RunApi(ObjectMapper json, Router router, AgentPool pool, RunListener metrics) {
        this.json = json;
        this.pool = pool;
        this.orchestrator = Orchestrator.builder(router, pool).listener(metrics).build();
        this.redactor = new Redactor(pool.secretValues());
    }

    /** The pool's name, for {@code /readyz}. */
    String poolName() {
        return pool.pool().name();
    }

    /** Whether runs call live providers. */
    boolean live() {
        return !pool.allMock();
    }

    /** Runs the request; malformed requests throw {@link ApiError} 400. */
    ObjectNode run(JsonNode body) {
        if (!body.isObject()) {
            throw ApiError.badRequest("expected a JSON object with \"message\" or \"messages\"");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw ApiError.badRequest("unknown field \"" + name + "\"; a run takes " + String.join(", ",
                        KEYS.stream().sorted().toList()));
            }
        }
        List<Message> conversation = conversation(body);
        Budgets budgets = budgets(body);
        RunOptions.Builder options = RunOptions.builder().maxTurns(maxTurns(body)).budgets(budgets);
        JsonNode runId = body.get("run_id");
        if (runId != null && !runId.isNull()) {
            if (!runId.isTextual() || runId.asText().isBlank() || runId.asText().length() > 128) {
                throw ApiError.badRequest("run_id must be a string of 1-128 characters");
            }
            options.runId(runId.asText());
        }
        if (budgets.maxEstimatedCostUsd() != null) {
            try {
                options.costEstimator(PoolCostEstimator.of(pool.pool()));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("budgets.max_estimated_cost_usd needs prices, but " + e.getMessage());
            }
        }
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        options.listener(new RunListener() {
            @Override
            public void onEvent(RunEvent event) {
                TraceWire.of(event).ifPresent(events::add);
            }
        });
        RunResult result = orchestrator.run(conversation, options.build());
        ObjectNode out = json.createObjectNode();
        out.set("result", result(result));
        ArrayNode trace = out.putArray("events");
        synchronized (events) {
            for (TraceEvent event : events) {
                trace.add(json.valueToTree(event.toMap()));
            }
        }
        return out;
    }

    private static List<Message> conversation(JsonNode body) {
        JsonNode message = body.get("message");
        JsonNode messages = body.get("messages");
        if ((message == null) == (messages == null)) {
            throw ApiError.badRequest("give the task as \"message\" (text) or \"messages\" (a list of {role, "
                    + "content}), one of them");
        }
        if (message != null) {
            if (!message.isTextual() || message.asText().isBlank()) {
                throw ApiError.badRequest("\"message\" must be non-blank text");
            }
            return List.of(Message.user(message.asText()));
        }
        try {
            return MessagesJson.parse(messages);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("messages: " + e.getMessage());
        }
    }

    private static int maxTurns(JsonNode body) {
        JsonNode turns = body.get("max_turns");
        if (turns == null || turns.isNull()) {
            return DEFAULT_MAX_TURNS;
        }
        if (!turns.isIntegralNumber() || turns.asLong() < 0 || turns.asLong() > MAX_TURNS_CAP) {
            throw ApiError.badRequest("max_turns must be an integer 0-" + MAX_TURNS_CAP + ", got " + turns);
        }
        return turns.asInt();
    }

    private static Budgets budgets(JsonNode body) {
        JsonNode budgets = body.get("budgets");
        if (budgets == null || budgets.isNull()) {
            return Budgets.NONE;
        }
        if (!budgets.isObject()) {
            throw ApiError.badRequest("budgets must be an object such as {\"max_provider_calls\": 10}");
        }
        for (Iterator<String> names = budgets.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!BUDGET_KEYS.contains(name)) {
                throw ApiError.badRequest("unknown budget \"" + name + "\"; budgets are " + String.join(", ",
                        BUDGET_KEYS.stream().sorted().toList()));
            }
        }
        try {
            return Budgets.builder().maxWallTimeMs(whole(budgets, "max_wall_time_ms"))
                    .maxProviderCalls(whole(budgets, "max_provider_calls"))
                    .maxProviderLatencyMs(whole(budgets, "max_provider_latency_ms"))
                    .maxVerifierRevisions(whole(budgets, "max_verifier_revisions"))
                    .maxEstimatedCostUsd(decimal(budgets, "max_estimated_cost_usd")).build();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("budgets: " + e.getMessage());
        }
    }

    private static Long whole(JsonNode budgets, String key) {
        JsonNode value = budgets.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw ApiError.badRequest("budgets." + key + " must be an integer, got " + value);
        }
        return value.asLong();
    }

    private static Double decimal(JsonNode budgets, String key) {
        JsonNode value = budgets.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw ApiError.badRequest("budgets." + key + " must be a number, got " + value);
        }
        return value.asDouble();
    }

    private ObjectNode result(RunResult result) {
        ObjectNode node = json.createObjectNode();
        node.put("run_id", result.runId());
        node.put("ok", result.ok());
        if (result instanceof RunResult.Success success) {
            node.put("status", success.termination().wireName());
            node.put("text", redactor.redactText(success.text()));
            node.put("latest_worker_response", success.latestWorkerResponse() == null ? null
                    : redactor.redactText(success.latestWorkerResponse()));
        } else {
            RunResult.Failure failure = (RunResult.Failure) result;
            node.put("status", "failed");
            ObjectNode error = node.putObject("failure");
            error.put("kind", failure.kind().wireName());
            error.set("details", json.valueToTree(failure.details()));
            error.put("message", redactor.redactText(failure.describe()));
        }
        ArrayNode turns = node.putArray("turns");
        for (TurnRecord turn : result.turns()) {
            ObjectNode t = turns.addObject();
            t.put("turn", turn.turn());
            t.put("agent_id", turn.agentId());
            t.put("agent_label", turn.agentLabel());
            t.put("role", turn.role().displayName());
            t.put("router_role", turn.route().roleName());
            t.put("override_from_thinker", turn.overrideFromThinker());
            t.put("provider", turn.provider().wireName());
            t.put("model", turn.model());
            t.put("latency_ms", turn.latencyMs());
            t.put("attempts", turn.attempts());
            t.put("verifier_status", turn.verdict().map(VerifierStatus::wireName).orElse(null));
            t.put("accepted", turn.accepted());
            t.put("response_hash", turn.responseHash());
            t.put("response", redactor.redactText(turn.responseText()));
        }
        Usage usage = result.usage();
        node.putObject("usage").put("dispatches", usage.dispatches()).put("provider_calls", usage.providerCalls())
                .put("verifier_revisions", usage.verifierRevisions())
                .put("estimated_cost_usd", usage.estimatedCostUsd())
                .put("provider_latency_ms", usage.providerLatencyMs()).put("input_tokens", usage.inputTokens())
                .put("output_tokens", usage.outputTokens()).put("wall_time_ms", usage.wallTimeMs());
        ArrayNode warnings = node.putArray("warnings");
        result.warnings().forEach(w -> warnings.add(redactor.redactText(w)));
        return node;
    }
}
