package dev.trinity.coordinator.trace;

import dev.trinity.coordinator.hash.TraceHash;
import dev.trinity.coordinator.loop.RouteExtraction;
import dev.trinity.coordinator.loop.RunEvent;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.TurnRecord;
import dev.trinity.coordinator.loop.TurnRoute;
import dev.trinity.coordinator.pool.BoundSlot;
import dev.trinity.coordinator.pool.SlotSpec;
import dev.trinity.coordinator.provider.ProviderException;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.role.ThinkerSuggestion;
import dev.trinity.coordinator.role.VerifierVerdict;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RoutingOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSONL wire form of run events (spec §9.3): each typed {@link RunEvent} becomes the reference's event with its
 * field names, order and quirks ({@code selected_role} is the role's name in {@code route_selected} and
 * {@code turn_completed} but its id in {@code provider_called}), redacted with the run's redactor.
 *
 * <p>{@link RunEvent.VerdictGiven} and {@link RunEvent.BudgetExceeded} have no line of their own: the reference
 * carries them in {@code turn_completed} and {@code run_failed}.
 */
public final class TraceWire {

    private TraceWire() {
    }

    /**
     * The redacted trace event of a run event.
     *
     * @param event the run event
     * @return its wire event, or empty for an event the trace carries inside another
     */
    @SuppressWarnings("unchecked")
    public static Optional<TraceEvent> of(RunEvent event) {
        Map<String, Object> fields = fields(event);
        if (fields == null) {
            return Optional.empty();
        }
        RunEvent.Context context = event.context();
        Map<String, Object> redacted = (Map<String, Object>) context.redactor().redact(fields);
        return Optional.of(new TraceEvent(typeOf(event), context.runId(), context.timestampMs(), redacted));
    }

    private static EventType typeOf(RunEvent event) {
        if (event instanceof RunEvent.RunStarted) {
            return EventType.RUN_STARTED;
        } else if (event instanceof RunEvent.TurnStarted) {
            return EventType.TURN_STARTED;
        } else if (event instanceof RunEvent.VectorExtracted) {
            return EventType.SLM_EXTRACTED;
        } else if (event instanceof RunEvent.RouteSelected) {
            return EventType.ROUTE_SELECTED;
        } else if (event instanceof RunEvent.TurnCompleted) {
            return EventType.TURN_COMPLETED;
        } else if (event instanceof RunEvent.RunCompleted) {
            return EventType.RUN_COMPLETED;
        } else if (event instanceof RunEvent.RunFailed) {
            return EventType.RUN_FAILED;
        }
        return EventType.PROVIDER_CALLED;
    }

    private static Map<String, Object> fields(RunEvent event) {
        boolean full = event.context().traceContent() == TraceContent.FULL;
        if (event instanceof RunEvent.RunStarted e) {
            return of("runtime_metadata", e.runtimeMetadata(), "max_turns", e.maxTurns(),
                    "num_agents", e.numAgents(), "num_roles", e.numRoles(),
                    "provider_mode", e.mockPool() ? "mock" : "live", "provider_pool", e.providerPool(),
                    "governed_authority_ref", e.governedAuthorityRef());
        } else if (event instanceof RunEvent.TurnStarted e) {
            return of("turn", e.turn(), "max_turns", e.maxTurns(), "transcript_hash", e.transcriptHash(),
                    "message_count", e.messageCount());
        } else if (event instanceof RunEvent.VectorExtracted e) {
            RouteExtraction x = e.route().extraction();
            return of("turn", e.turn(), "input_shapes", Map.of(), "hidden_state_shape", x.hiddenStateShape(),
                    "vector_shape", x.vectorShape(), "vector_backend", x.backend(), "transcript_hash",
                    e.transcriptHash(), "token_count", x.tokenCount(), "extract_ms", x.extractMs());
        } else if (event instanceof RunEvent.RouteSelected e) {
            return routeSelected(e);
        } else if (event instanceof RunEvent.ProviderCallStarted e) {
            return providerStarted(e.turn(), e.slot(), e.role());
        } else if (event instanceof RunEvent.ProviderCallSucceeded e) {
            Map<String, Object> fields = of("turn", e.turn(), "provider", e.slot().provider().kind().wireName(),
                    "provider_model", e.slot().spec().model(), "provider_mode", mode(e.slot()),
                    "provider_latency_ms", e.latencyMs(), "mock", e.slot().mock(), "selected_agent",
                    e.slot().spec().id(), "selected_role", e.role().id(), "selected_role_name",
                    e.role().displayName(), "response_hash", e.responseHash(), "status", "ok",
                    "dispatch_started", true, "attempts", e.attempts(),
                    "usage_input_tokens", e.response().inputTokens(),
                    "usage_output_tokens", e.response().outputTokens());
            if (full) {
                fields.put("response_text", e.response().text());
            }
            return fields;
        } else if (event instanceof RunEvent.ProviderCallFailed e) {
            ProviderException error = e.error();
            return of("turn", e.turn(), "provider", e.slot().provider().kind().wireName(),
                    "provider_model", e.slot().spec().model(), "provider_mode", mode(e.slot()),
                    "mock", e.slot().mock(), "selected_agent", e.slot().spec().id(),
                    "selected_role", e.role().id(), "selected_role_name", e.role().displayName(), "status", "error",
                    "error", error.kind().wireName(), "error_message", error.getMessage(),
                    "http_status", error.statusCode() == 0 ? null : error.statusCode(),
                    "provider_latency_ms", e.latencyMs(), "attempts", e.attempts());
        } else if (event instanceof RunEvent.TurnCompleted e) {
            return turnCompleted(e, full);
        } else if (event instanceof RunEvent.RunCompleted e) {
            RunResult.Success result = e.result();
            Map<String, Object> fields = of("turn", e.turn(), "final_status", result.termination().wireName(),
                    "response_hash", TraceHash.text(result.text()), "turns_executed", result.turns().size());
            if (full) {
                fields.put("response_text", result.text());
            }
            return fields;
        } else if (event instanceof RunEvent.RunFailed e) {
            return runFailed(e);
        }
        return null;
    }

    private static Map<String, Object> routeSelected(RunEvent.RouteSelected e) {
        TurnRoute route = e.route();
        RoutingOptions routing = e.routing();
        ThinkerSuggestion applied = e.appliedSuggestion();
        float[] logits = route.logits();
        return of("turn", e.turn(), "logits", logits, "route_logit_shape", new int[] {1, logits.length},
                "route_logit_backend", route.extraction().backend(),
                "vector_shape", route.extraction().vectorShape(), "vector_backend", route.extraction().backend(),
                "agent_logits", route.agentLogits(), "role_logits", route.roleLogits(),
                "selected_agent", route.agentId(), "selected_role", e.role().displayName(),
                "selected_role_id", e.role().id(), "raw_selected_role", route.roleName(),
                "raw_selected_role_id", route.roleId(), "role_override_from_thinker", applied != null,
                "role_override_suggestion_hash", applied == null ? null : TraceHash.text(applied.suggestion()),
                "agent_selection_mode", route.selectionMode(), "role_selection_mode", roleMode(route, routing),
                "selection_temperature", routing.temperature(), "selection_seed", routing.seed(),
                "agent_probabilities", probabilities(route.agentLogits(), routing),
                "role_probabilities", probabilities(route.roleLogits(), routing),
                "agent_margin", route.agentMargin(), "role_margin", route.roleMargin(),
                "route_latency_ms", e.routeLatencyMs());
    }

    private static Map<String, Object> providerStarted(int turn, BoundSlot slot, AgentRole role) {
        SlotSpec spec = slot.spec();
        return of("turn", turn, "provider", slot.provider().kind().wireName(), "provider_model", spec.model(),
                "provider_base_url", slot.provider().baseUrl(), "provider_timeout_ms", spec.timeoutMs(),
                "provider_max_tokens", spec.maxTokens(), "provider_temperature", spec.temperature(),
                "provider_mode", mode(slot), "mock", slot.mock(), "selected_agent", spec.id(),
                "selected_agent_label", spec.label(), "selected_role", role.id(),
                "selected_role_name", role.displayName(), "status", "started");
    }

    private static Map<String, Object> turnCompleted(RunEvent.TurnCompleted e, boolean full) {
        TurnRecord record = e.record();
        TurnRoute route = record.route();
        AgentRole role = record.role();
        VerifierVerdict verdict = e.verdict();
        ThinkerSuggestion thinker = e.thinkerSuggestion();
        Map<String, Object> fields = of("turn", record.turn(), "transcript_hash", e.transcriptHash(),
                "selected_agent", route.agentId(), "selected_role", role.displayName(),
                "selected_role_id", role.id(), "provider", record.provider().wireName(),
                "provider_model", record.model(), "provider_mode", mode(e.slot()),
                "provider_latency_ms", record.latencyMs(), "mock", e.slot().mock(),
                "response_hash", record.responseHash(), "selected_agent_logits", route.agentLogits(),
                "selected_role_logits", route.roleLogits(), "logits", route.logits(),
                "vector_shape", route.extraction().vectorShape(),
                "hidden_state_shape", route.extraction().hiddenStateShape(),
                "vector_backend", route.extraction().backend(),
                "verifier_parse_status", verdict.status().wireName(),
                "verifier_status", verdict.status().safe().wireName(),
                "verifier_diagnosis_hash", verdict.diagnosis() == null ? null : TraceHash.text(verdict.diagnosis()),
                "thinker_suggested_role", thinker == null ? null : thinker.role().displayName(),
                "thinker_suggestion_hash", thinker == null ? null : TraceHash.text(thinker.suggestion()),
                "raw_selected_role_id", route.roleId(), "raw_selected_role", route.roleName(),
                "role_override_from_thinker", e.appliedSuggestion() != null, "final", record.accepted(),
                "route_decision", routeDecision(e, route, role));
        if (full) {
            fields.put("response_text", record.responseText());
            fields.put("verifier_diagnosis", verdict.diagnosis());
            fields.put("thinker_suggestion", thinker == null ? null : thinker.suggestion());
        }
        return fields;
    }

    /** The route decision map: exactly the reference's seven keys. */
    private static Map<String, Object> routeDecision(RunEvent.TurnCompleted e, TurnRoute route, AgentRole role) {
        return of("agent_id", route.agentId(), "role_id", role.id(), "role_name", role.displayName(),
                "margins", of("agent", margin(route.agentMargin()), "role", margin(route.roleMargin())),
                "selection_modes", of("agent", route.selectionMode(), "role", roleMode(route, e.routing())),
                "transcript_hash", e.transcriptHash(),
                "artifact_identity", e.runtimeMetadata().isEmpty() ? null : e.runtimeMetadata());
    }

    private static Map<String, Object> runFailed(RunEvent.RunFailed e) {
        RunResult.Failure result = e.result();
        if (e.budget() != null) {
            // one run_failed per budget abort: the reason is [budget_exceeded, <kind>]
            return of("turn", e.budget().details().get("turn"),
                    "reason", List.of(result.kind().wireName(), e.budget().kind().wireName()),
                    "details", e.budget().details(), "turns_executed", result.turns().size());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (e.turn() != null) {
            fields.put("turn", e.turn());
        }
        fields.put("reason", result.kind().wireName());
        fields.put("details", result.details());
        fields.put("turns_executed", result.turns().size());
        return fields;
    }

    /** The role's mode: the router's options when they select as the route says, else the route's own mode. */
    private static String roleMode(TurnRoute route, RoutingOptions routing) {
        return routing.agentSelection().wireName().equals(route.selectionMode())
                ? routing.roleSelection().wireName() : route.selectionMode();
    }

    /** softmax(logits / T) when the router reports probabilities (softmax and sample), else null. */
    private static double[] probabilities(float[] logits, RoutingOptions routing) {
        if (!routing.returnProbabilities() || logits.length == 0) {
            return null;
        }
        double[] wide = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            wide[i] = logits[i];
        }
        return RouterHead.softmax(wide, routing.temperature());
    }

    private static Object margin(double margin) {
        return Double.isNaN(margin) ? null : margin;
    }

    private static String mode(BoundSlot slot) {
        return slot.mock() ? "mock" : "live";
    }

    /** An ordered field map that may hold nulls. */
    private static Map<String, Object> of(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>(keyValues.length);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
