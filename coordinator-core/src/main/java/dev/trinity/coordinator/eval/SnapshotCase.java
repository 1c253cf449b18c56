package dev.trinity.coordinator.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * One case of a prompt-eval snapshot (spec §6.6).
 *
 * <p>Only {@code agent_id}, {@code role_id}, {@code token_count} and {@code transcript_hash} are compared when a
 * snapshot is checked; logits, margins and {@code route_hash} are recorded for people and determinism runs (the
 * reference does not compare them across launches because GPU kernels drift).
 *
 * @param id the case id
 * @param agentId the selected agent slot
 * @param roleId the selected role id
 * @param agentLogitsRounded the agent logits rounded to 6 decimals, or null when the file has none
 * @param roleLogitsRounded the role logits rounded to 6 decimals, or null
 * @param agentMargin the unrounded agent margin, or null
 * @param roleMargin the unrounded role margin, or null
 * @param routeHash the {@code route_hash}, or null
 * @param tokenCount the number of input token ids
 * @param transcriptHash the {@code transcript_hash}
 */
public record SnapshotCase(String id, int agentId, int roleId, double[] agentLogitsRounded,
                           double[] roleLogitsRounded, Double agentMargin, Double roleMargin, String routeHash,
                           int tokenCount, String transcriptHash) {

    /** Validates the required fields and copies the arrays. */
    public SnapshotCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transcriptHash, "transcriptHash");
        agentLogitsRounded = agentLogitsRounded == null ? null : agentLogitsRounded.clone();
        roleLogitsRounded = roleLogitsRounded == null ? null : roleLogitsRounded.clone();
    }

    /** The agent logits (a copy), or null. */
    @Override
    public double[] agentLogitsRounded() {
        return agentLogitsRounded == null ? null : agentLogitsRounded.clone();
    }

    /** The role logits (a copy), or null. */
    @Override
    public double[] roleLogitsRounded() {
        return roleLogitsRounded == null ? null : roleLogitsRounded.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotCase s && id.equals(s.id) && agentId == s.agentId && roleId == s.roleId
                && Arrays.equals(agentLogitsRounded, s.agentLogitsRounded)
                && Arrays.equals(roleLogitsRounded, s.roleLogitsRounded)
                && Objects.equals(agentMargin, s.agentMargin) && Objects.equals(roleMargin, s.roleMargin)
                && Objects.equals(routeHash, s.routeHash) && tokenCount == s.tokenCount
                && transcriptHash.equals(s.transcriptHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, agentId, roleId, routeHash, tokenCount, transcriptHash);
    }

    @Override
    public String toString() {
        return "SnapshotCase[" + id + ": agent " + agentId + ", role " + roleId + ", tokens " + tokenCount + "]";
    }
}
