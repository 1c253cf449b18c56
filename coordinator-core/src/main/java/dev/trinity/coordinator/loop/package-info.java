/**
 * The coordinator loop: the {@link dev.trinity.coordinator.loop.Orchestrator}, its options and typed result, and
 * the routing seam ({@link dev.trinity.coordinator.loop.Router} returning a
 * {@link dev.trinity.coordinator.loop.TurnRoute}) that the Qwen3 router implements.
 */
package dev.trinity.coordinator.loop;
