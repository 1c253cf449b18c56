/**
 * The three TRINITY roles (Worker, Thinker, Verifier): names and aliases, the role prompts injected for a
 * provider call, and the parsers of Verifier verdicts and Thinker suggestions.
 */
package dev.trinity.coordinator.role;
