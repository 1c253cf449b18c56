package dev.trinity.coordinator.route;

import dev.trinity.coordinator.role.AgentRole;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the router head decided for one routing vector.
 *
 * <p>Arrays are copied in and out, so a decision is immutable.
 *
 * @param agentId the selected agent slot, 0..numAgents-1
 * @param roleId the selected role id, 0..2
 * @param roleName {@link AgentRole#nameOf(int)} of the role id
 * @param agentMargin top-1 minus top-2 of the agent logits, in double (0.0 with one agent)
 * @param roleMargin top-1 minus top-2 of the role logits, in double
 * @param agentSelection how the agent was picked
 * @param roleSelection how the role was picked
 * @param logits all logits: agents, then the 3 roles
 * @param numAgents how many of the logits are agent logits
 * @param agentProbabilities softmax of the agent logits at the options' temperature, or null if not requested
 * @param roleProbabilities softmax of the role logits, or null if not requested
 * @param transcriptHash the hash of the routed conversation ({@code TraceHash.messages} in the loop), or null
 * @param artifactIdentity the artifact that produced the head, or null
 */
public record RouteDecision(int agentId, int roleId, String roleName, double agentMargin, double roleMargin,
                            SelectionMode agentSelection, SelectionMode roleSelection, float[] logits, int numAgents,
                            double[] agentProbabilities, double[] roleProbabilities, String transcriptHash,
                            ArtifactIdentity artifactIdentity) {

    /** Validates and copies the arrays. */
    public RouteDecision {
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(agentSelection, "agentSelection");
        Objects.requireNonNull(roleSelection, "roleSelection");
        Objects.requireNonNull(logits, "logits");
        if (numAgents < 1 || numAgents >= logits.length) {
            throw new IllegalArgumentException("numAgents " + numAgents + " does not fit " + logits.length + " logits");
        }
        if (agentId < 0 || agentId >= numAgents) {
            throw new IllegalArgumentException("agentId " + agentId + " outside 0.." + (numAgents - 1));
        }
        logits = logits.clone();
        agentProbabilities = agentProbabilities == null ? null : agentProbabilities.clone();
        roleProbabilities = roleProbabilities == null ? null : roleProbabilities.clone();
    }

    /** All logits (a copy). */
    @Override
    public float[] logits() {
        return logits.clone();
    }

    /** The agent probabilities (a copy), or null. */
    @Override
    public double[] agentProbabilities() {
        return agentProbabilities == null ? null : agentProbabilities.clone();
    }

    /** The role probabilities (a copy), or null. */
    @Override
    public double[] roleProbabilities() {
        return roleProbabilities == null ? null : roleProbabilities.clone();
    }

    /** The agent logits: {@code logits[0, numAgents)}. */
    public float[] agentLogits() {
        return Arrays.copyOfRange(logits, 0, numAgents);
    }

    /** The role logits: {@code logits[numAgents, numAgents + 3)}. */
    public float[] roleLogits() {
        return Arrays.copyOfRange(logits, numAgents, logits.length);
    }

    /** The selected role, or empty if the id is not one of the three. */
    public Optional<AgentRole> role() {
        return AgentRole.fromId(roleId);
    }

    /** This decision with a transcript hash. */
    public RouteDecision withTranscriptHash(String hash) {
        return new RouteDecision(agentId, roleId, roleName, agentMargin, roleMargin, agentSelection, roleSelection,
                logits, numAgents, agentProbabilities, roleProbabilities, hash, artifactIdentity);
    }

    /** This decision with an artifact identity. */
    public RouteDecision withArtifactIdentity(ArtifactIdentity identity) {
        return new RouteDecision(agentId, roleId, roleName, agentMargin, roleMargin, agentSelection, roleSelection,
                logits, numAgents, agentProbabilities, roleProbabilities, transcriptHash, identity);
    }

    /**
     * The reference's trace map of a route decision: exactly {@code agent_id}, {@code role_id}, {@code role_name},
     * {@code margins {agent, role}}, {@code selection_modes {agent, role}}, {@code transcript_hash},
     * {@code artifact_identity} (the six-key map, or null).
     *
     * @return an insertion-ordered map
     */
    public Map<String, Object> toTraceMap() {
        Map<String, Object> margins = new LinkedHashMap<>();
        margins.put("agent", agentMargin);
        margins.put("role", roleMargin);
        Map<String, Object> modes = new LinkedHashMap<>();
        modes.put("agent", agentSelection.wireName());
        modes.put("role", roleSelection.wireName());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("agent_id", agentId);
        map.put("role_id", roleId);
        map.put("role_name", roleName);
        map.put("margins", margins);
        map.put("selection_modes", modes);
        map.put("transcript_hash", transcriptHash);
        map.put("artifact_identity", artifactIdentity == null ? null : artifactIdentity.toTraceMap());
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteDecision d && agentId == d.agentId && roleId == d.roleId
                && roleName.equals(d.roleName) && Double.compare(agentMargin, d.agentMargin) == 0
                && Double.compare(roleMargin, d.roleMargin) == 0 && agentSelection == d.agentSelection
                && roleSelection == d.roleSelection && Arrays.equals(logits, d.logits) && numAgents == d.numAgents
                && Arrays.equals(agentProbabilities, d.agentProbabilities)
                && Arrays.equals(roleProbabilities, d.roleProbabilities)
                && Objects.equals(transcriptHash, d.transcriptHash)
                && Objects.equals(artifactIdentity, d.artifactIdentity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(agentId, roleId, roleName, agentMargin, roleMargin, agentSelection, roleSelection,
                Arrays.hashCode(logits), numAgents, Arrays.hashCode(agentProbabilities),
                Arrays.hashCode(roleProbabilities), transcriptHash, artifactIdentity);
    }

    @Override
    public String toString() {
        return "RouteDecision[agent=" + agentId + ", role=" + roleId + " (" + roleName + "), margins=" + agentMargin
                + "/" + roleMargin + ", modes=" + agentSelection + "/" + roleSelection + ", logits="
                + Arrays.toString(logits) + "]";
    }
}
