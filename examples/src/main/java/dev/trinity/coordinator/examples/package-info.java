/**
 * Runnable examples of embedding the coordinator: the README's program that routes and runs through the front door
 * ({@link dev.trinity.coordinator.examples.HelloCoordinator}), route one conversation with the bundled tiny router
 * ({@link dev.trinity.coordinator.examples.RouteOneConversation}), run the loop with a custom provider pool and a
 * cost estimator ({@link dev.trinity.coordinator.examples.RunWithCustomPool}), and read a JSONL trace back
 * ({@link dev.trinity.coordinator.examples.ReadTrace}). Each has a {@code main} and a test that runs it.
 */
package dev.trinity.coordinator.examples;
