/**
 * The coordinator loop: the {@link dev.trinity.coordinator.loop.Orchestrator}, its options and typed result
 * ({@link dev.trinity.coordinator.loop.RunResult}, {@link dev.trinity.coordinator.loop.FailureKind}), the typed
 * events of a run ({@link dev.trinity.coordinator.loop.RunEvent}) with their observers
 * ({@link dev.trinity.coordinator.loop.RunListener}), and the routing seam
 * ({@link dev.trinity.coordinator.loop.Router} returning a {@link dev.trinity.coordinator.loop.TurnRoute}) that the
 * Qwen3 router implements.
 */
package dev.trinity.coordinator.loop;
