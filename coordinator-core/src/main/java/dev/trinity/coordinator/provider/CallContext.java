package dev.trinity.coordinator.provider;

/**
 * Where a provider call sits in a run; mock providers use it to pick scripted replies without shared state.
 *
 * @param runId the run id
 * @param turn the turn, from 0
 * @param agentId the agent slot
 * @param roleName the role name ({@code Worker}, {@code Thinker}, {@code Verifier})
 * @param roleTurn how many earlier turns of this run had the same role
 */
public record CallContext(String runId, int turn, int agentId, String roleName, int roleTurn) {

    /** A context for calls made outside a run (tests, smoke checks). */
    public static CallContext standalone(int agentId, String roleName) {
        return new CallContext("standalone", 0, agentId, roleName, 0);
    }
}
