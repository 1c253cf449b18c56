package dev.trinity.coordinator.loop;

import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.route.HiddenState;
import dev.trinity.coordinator.route.RouteDecision;
import dev.trinity.coordinator.route.RoutedConversation;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RoutingOptions;
import java.util.Arrays;
import java.util.Objects;

/**
 * The router's decision for one turn: the agent slot and role it picked, with the raw logits and margins.
 *
 * <p>Margins are top-1 minus top-2 of the raw logits (0.0 for a single logit). The loop may override the role for
 * one turn after a Thinker suggestion; the agent is never overridden, and the margins stay those of the raw logits.
 *
 * @param agentId the chosen agent slot
 * @param roleId the chosen role id (0 Worker, 1 Thinker, 2 Verifier)
 * @param agentLogits the agent logits
 * @param roleLogits the role logits
 * @param agentMargin top-1 minus top-2 of the agent logits
 * @param roleMargin top-1 minus top-2 of the role logits
 * @param selectionMode how the choice was made ({@code argmax}, {@code softmax}, {@code sample})
 * @param transcriptHash the router's transcript hash, or null
 * @param extraction how the routing vector was computed
 */
public record TurnRoute(int agentId, int roleId, float[] agentLogits, float[] roleLogits, double agentMargin,
                        double roleMargin, String selectionMode, String transcriptHash, RouteExtraction extraction) {

    /** Validates and copies the logits. */
    public TurnRoute {
        agentLogits = Objects.requireNonNull(agentLogits, "agentLogits").clone();
        roleLogits = Objects.requireNonNull(roleLogits, "roleLogits").clone();
        Objects.requireNonNull(selectionMode, "selectionMode");
        Objects.requireNonNull(extraction, "extraction");
        if (agentId < 0 || (agentLogits.length > 0 && agentId >= agentLogits.length)) {
            throw new IllegalArgumentException("agentId " + agentId + " outside 0.." + (agentLogits.length - 1));
        }
        if (roleId < 0 || (roleLogits.length > 0 && roleId >= roleLogits.length)) {
            throw new IllegalArgumentException("roleId " + roleId + " outside 0.." + (roleLogits.length - 1));
        }
    }

    /**
     * A route with margins computed from the logits.
     *
     * @param agentId the chosen agent
     * @param roleId the chosen role
     * @param agentLogits the agent logits
     * @param roleLogits the role logits
     * @param selectionMode the selection mode
     * @param transcriptHash the router's transcript hash, or null
     * @param extraction the extraction metadata
     * @return the route
     */
    public static TurnRoute of(int agentId, int roleId, float[] agentLogits, float[] roleLogits, String selectionMode,
                               String transcriptHash, RouteExtraction extraction) {
        return new TurnRoute(agentId, roleId, agentLogits, roleLogits, margin(agentLogits), margin(roleLogits),
                selectionMode, transcriptHash, extraction);
    }

    /**
     * The loop's view of a conversation the model routed: the decision with how its vector was computed.
     *
     * @param routed the routed conversation
     * @param options how the decision was selected
     * @return the route
     */
    public static TurnRoute of(RoutedConversation routed, RoutingOptions options) {
        RouteDecision decision = routed.decision();
        HiddenState hidden = routed.hidden();
        RouteExtraction extraction = new RouteExtraction(hidden.shape(),
                new int[] {1, hidden.tokenCount(), hidden.vector().length}, hidden.device() + "/" + hidden.dtype(),
                hidden.tokenCount(), hidden.timings().totalMs());
        return new TurnRoute(decision.agentId(), decision.roleId(), decision.agentLogits(), decision.roleLogits(),
                decision.agentMargin(), decision.roleMargin(), options.agentSelection().wireName(),
                decision.transcriptHash(), extraction);
    }

    /**
     * Top-1 minus top-2 of logits sorted descending: {@link RouterHead#margin(float[])}, except that no logits give
     * NaN (the trace then writes null) instead of an exception.
     *
     * @param logits the logits
     * @return the margin, 0.0 for one logit, NaN for none
     */
    public static double margin(float[] logits) {
        return logits.length == 0 ? Double.NaN : RouterHead.margin(logits);
    }

    /** The role name of {@link #roleId()}. */
    public String roleName() {
        return AgentRole.nameOf(roleId);
    }

    /** The agent logits (a copy). */
    @Override
    public float[] agentLogits() {
        return agentLogits.clone();
    }

    /** The role logits (a copy). */
    @Override
    public float[] roleLogits() {
        return roleLogits.clone();
    }

    /** All logits: the agents' then the roles'. */
    public float[] logits() {
        float[] all = Arrays.copyOf(agentLogits, agentLogits.length + roleLogits.length);
        System.arraycopy(roleLogits, 0, all, agentLogits.length, roleLogits.length);
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TurnRoute r && agentId == r.agentId && roleId == r.roleId
                && Arrays.equals(agentLogits, r.agentLogits) && Arrays.equals(roleLogits, r.roleLogits)
                && Double.compare(agentMargin, r.agentMargin) == 0 && Double.compare(roleMargin, r.roleMargin) == 0
                && selectionMode.equals(r.selectionMode) && Objects.equals(transcriptHash, r.transcriptHash)
                && extraction.equals(r.extraction);
    }

    @Override
    public int hashCode() {
        return Objects.hash(agentId, roleId, Arrays.hashCode(agentLogits), Arrays.hashCode(roleLogits), selectionMode,
                transcriptHash, extraction);
    }

    @Override
    public String toString() {
        return "TurnRoute[agent=" + agentId + ", role=" + roleName() + ", agentMargin=" + agentMargin
                + ", roleMargin=" + roleMargin + "]";
    }
}
