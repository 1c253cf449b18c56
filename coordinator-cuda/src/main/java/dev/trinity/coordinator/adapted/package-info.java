/**
 * The TRINITY router on Qwen3: the base model with Sakana's SVF-adapted weights (from a bundle, or computed at load
 * time from the router vector) and the router head.
 */
package dev.trinity.coordinator.adapted;
