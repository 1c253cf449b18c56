/** The Qwen3 decoder on DJL: config, weights, the prefill forward pass and the hidden-state extractor. */
package dev.trinity.coordinator.qwen3;
