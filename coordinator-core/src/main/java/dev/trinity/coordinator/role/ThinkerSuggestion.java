package dev.trinity.coordinator.role;

import java.util.Objects;

/**
 * A valid Thinker suggestion: a text and the role that should act next (Worker or Verifier).
 *
 * @param suggestion the trimmed text inside {@code <suggestion>}
 * @param role the suggested role
 */
public record ThinkerSuggestion(String suggestion, AgentRole role) {

    /** Validates the fields. */
    public ThinkerSuggestion {
        Objects.requireNonNull(suggestion, "suggestion");
        Objects.requireNonNull(role, "role");
        if (role == AgentRole.THINKER) {
            throw new IllegalArgumentException("a Thinker cannot suggest the Thinker role");
        }
    }
}
