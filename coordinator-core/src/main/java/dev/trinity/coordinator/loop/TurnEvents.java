package dev.trinity.coordinator.loop;

import dev.trinity.coordinator.hash.TraceHash;
import dev.trinity.coordinator.pool.BoundSlot;
import dev.trinity.coordinator.pool.SlotSpec;
import dev.trinity.coordinator.provider.ChatResponse;
import dev.trinity.coordinator.provider.ProviderException;
import dev.trinity.coordinator.role.ThinkerSuggestion;
import dev.trinity.coordinator.role.VerifierVerdict;
import dev.trinity.coordinator.route.AgentRole;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RoutingOptions;
import java.util.Map;

/** The field maps of the per-turn trace events (spec §9.3), kept out of the loop body. */
final class TurnEvents {

    private final boolean fullContent;
    private final Map<String, String> runtimeMetadata;
    private final RoutingOptions routing;

    TurnEvents(boolean fullContent, Map<String, String> runtimeMetadata, RoutingOptions routing) {
        this.fullContent = fullContent;
        this.runtimeMetadata = Map.copyOf(runtimeMetadata);
        this.routing = routing;
    }

    Map<String, Object> slmExtracted(int turn, TurnRoute route, String transcriptHash) {
        RouteExtraction x = route.extraction();
        return Fields.of("turn", turn, "input_shapes", Map.of(), "hidden_state_shape", x.hiddenStateShape(),
                "vector_shape", x.vectorShape(), "vector_backend", x.backend(), "transcript_hash", transcriptHash,
                "token_count", x.tokenCount(), "extract_ms", x.extractMs());
    }

    Map<String, Object> routeSelected(int turn, TurnRoute route, AgentRole role, ThinkerSuggestion applied,
                                      double routeMs) {
        float[] logits = route.logits();
        return Fields.of("turn", turn, "logits", logits, "route_logit_shape", new int[] {1, logits.length},
                "route_logit_backend", route.extraction().backend(),
                "vector_shape", route.extraction().vectorShape(), "vector_backend", route.extraction().backend(),
                "agent_logits", route.agentLogits(), "role_logits", route.roleLogits(),
                "selected_agent", route.agentId(), "selected_role", role.displayName(),
                "selected_role_id", role.id(), "raw_selected_role", route.roleName(),
                "raw_selected_role_id", route.roleId(), "role_override_from_thinker", applied != null,
                "role_override_suggestion_hash", applied == null ? null : TraceHash.text(applied.suggestion()),
                "agent_selection_mode", route.selectionMode(), "role_selection_mode", roleMode(route),
                "selection_temperature", routing.temperature(), "selection_seed", routing.seed(),
                "agent_probabilities", probabilities(route.agentLogits()),
                "role_probabilities", probabilities(route.roleLogits()),
                "agent_margin", route.agentMargin(), "role_margin", route.roleMargin(), "route_latency_ms", routeMs);
    }

    Map<String, Object> providerStarted(int turn, BoundSlot slot, AgentRole role) {
        SlotSpec spec = slot.spec();
        return Fields.of("turn", turn, "provider", slot.provider().kind().wireName(), "provider_model", spec.model(),
                "provider_base_url", slot.provider().baseUrl(), "provider_timeout_ms", spec.timeoutMs(),
                "provider_max_tokens", spec.maxTokens(), "provider_temperature", spec.temperature(),
                "provider_mode", mode(slot), "mock", slot.mock(), "selected_agent", spec.id(),
                "selected_agent_label", spec.label(), "selected_role", role.id(),
                "selected_role_name", role.displayName(), "status", "started");
    }

    Map<String, Object> providerOk(int turn, BoundSlot slot, AgentRole role, ChatResponse response,
                                   String responseHash, long latencyMs, int attempts) {
        Map<String, Object> fields = Fields.of("turn", turn, "provider", slot.provider().kind().wireName(),
                "provider_model", slot.spec().model(), "provider_mode", mode(slot),
                "provider_latency_ms", latencyMs, "mock", slot.mock(), "selected_agent", slot.spec().id(),
                "selected_role", role.id(), "selected_role_name", role.displayName(),
                "response_hash", responseHash, "status", "ok", "dispatch_started", true, "attempts", attempts,
                "usage_input_tokens", response.inputTokens(), "usage_output_tokens", response.outputTokens());
        if (fullContent) {
            fields.put("response_text", response.text());
        }
        return fields;
    }

    Map<String, Object> providerError(int turn, BoundSlot slot, AgentRole role, ProviderException error,
                                      long latencyMs, int attempts) {
        return Fields.of("turn", turn, "provider", slot.provider().kind().wireName(), "provider_model", slot.spec().model(),
                "provider_mode", mode(slot), "mock", slot.mock(), "selected_agent", slot.spec().id(),
                "selected_role", role.id(), "selected_role_name", role.displayName(), "status", "error",
                "error", error.kind().wireName(), "error_message", error.getMessage(),
                "http_status", error.statusCode() == 0 ? null : error.statusCode(),
                "provider_latency_ms", latencyMs, "attempts", attempts);
    }

    Map<String, Object> turnCompleted(TurnRecord record, String transcriptHash, BoundSlot slot,
                                      VerifierVerdict verdict, ThinkerSuggestion thinker, ThinkerSuggestion applied,
                                      String text) {
        TurnRoute route = record.route();
        AgentRole role = record.role();
        Map<String, Object> fields = Fields.of("turn", record.turn(), "transcript_hash", transcriptHash,
                "selected_agent", route.agentId(), "selected_role", role.displayName(),
                "selected_role_id", role.id(), "provider", record.provider().wireName(), "provider_model", record.model(),
                "provider_mode", mode(slot), "provider_latency_ms", record.latencyMs(), "mock", slot.mock(),
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
                "role_override_from_thinker", applied != null, "final", record.accepted(),
                "route_decision", routeDecision(route, role, transcriptHash));
        if (fullContent) {
            fields.put("response_text", text);
            fields.put("verifier_diagnosis", verdict.diagnosis());
            fields.put("thinker_suggestion", thinker == null ? null : thinker.suggestion());
        }
        return fields;
    }

    /** The route decision map: exactly the reference's seven keys. */
    Map<String, Object> routeDecision(TurnRoute route, AgentRole role, String transcriptHash) {
        return Fields.of("agent_id", route.agentId(), "role_id", role.id(), "role_name", role.displayName(),
                "margins", Fields.of("agent", margin(route.agentMargin()), "role", margin(route.roleMargin())),
                "selection_modes", Fields.of("agent", route.selectionMode(), "role", roleMode(route)),
                "transcript_hash", transcriptHash,
                "artifact_identity", runtimeMetadata.isEmpty() ? null : runtimeMetadata);
    }

    /** The role's mode: the router's options when they select as the route says, else the route's own mode. */
    private String roleMode(TurnRoute route) {
        return routing.agentSelection().wireName().equals(route.selectionMode())
                ? routing.roleSelection().wireName() : route.selectionMode();
    }

    /** softmax(logits / T) when the router reports probabilities (softmax and sample), else null. */
    private double[] probabilities(float[] logits) {
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
}
