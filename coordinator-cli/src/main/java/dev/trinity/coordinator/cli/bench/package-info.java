/**
 * {@code coordinator bench}: timings of the Qwen3 forward pass, one-shot and over growing conversations.
 */
package dev.trinity.coordinator.cli.bench;
