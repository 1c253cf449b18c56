/**
 * What the three TRINITY roles (Worker, Thinker, Verifier) do in the loop: the role prompts injected for a
 * provider call, and the parsers of Verifier verdicts and Thinker suggestions.
 *
 * <p>The roles themselves, with their ids, names and aliases, are {@link dev.trinity.coordinator.role.AgentRole}.
 */
package dev.trinity.coordinator.role;
