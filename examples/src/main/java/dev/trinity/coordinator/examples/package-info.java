/**
 * Runnable examples of embedding the coordinator: route one conversation with the bundled tiny router
 * ({@link dev.trinity.coordinator.examples.RouteOneConversation}), run the loop with a custom provider pool and a
 * cost estimator ({@link dev.trinity.coordinator.examples.RunWithCustomPool}), and read a JSONL trace back
 * ({@link dev.trinity.coordinator.examples.ReadTrace}). Each has a {@code main} and a test that runs it.
 */
package dev.trinity.coordinator.examples;
