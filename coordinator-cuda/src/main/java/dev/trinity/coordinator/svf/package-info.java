/**
 * Sakana's SVF adaptation: which tensors the router vector adapts, and the adapted weights computed from the base
 * model and the singular-value offsets.
 */
package dev.trinity.coordinator.svf;
