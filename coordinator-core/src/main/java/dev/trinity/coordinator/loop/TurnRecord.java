package dev.trinity.coordinator.loop;

import dev.trinity.coordinator.provider.ProviderKind;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.role.VerifierStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * One completed turn, for the result and the CLI's per-turn summary.
 *
 * @param turn the turn, from 0
 * @param route the router's raw decision
 * @param role the role that acted (after any Thinker override)
 * @param overrideFromThinker whether a Thinker suggestion replaced the router's role
 * @param agentLabel the pool's label of the slot
 * @param provider the provider kind
 * @param model the model
 * @param latencyMs the dispatch latency (all attempts and waits)
 * @param attempts the HTTP attempts of the dispatch
 * @param verifierStatus the parse status of the reply (non-Verifier turns: revised)
 * @param accepted whether the Verifier accepted
 * @param responseHash the trace hash of the reply
 * @param responseText the reply (not redacted: redact it before printing, as the CLI does)
 * @param suggestedRole the role a Thinker reply suggested for the next turn, or null
 */
public record TurnRecord(int turn, TurnRoute route, AgentRole role, boolean overrideFromThinker, String agentLabel,
                         ProviderKind provider, String model, long latencyMs, int attempts, VerifierStatus verifierStatus,
                         boolean accepted, String responseHash, String responseText, AgentRole suggestedRole) {

    /** Validates the fields. */
    public TurnRecord {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(verifierStatus, "verifierStatus");
    }

    /** The agent slot. */
    public int agentId() {
        return route.agentId();
    }

    /** The Verifier's verdict; empty on other roles' turns, whose {@code verifierStatus} is the reference's filler. */
    public Optional<VerifierStatus> verdict() {
        return role == AgentRole.VERIFIER ? Optional.of(verifierStatus) : Optional.empty();
    }
}
