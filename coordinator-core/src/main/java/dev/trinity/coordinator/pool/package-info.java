/**
 * Provider pools: the binding of the router's 7 agent slots to providers and models, the built-in {@code mock} and
 * {@code default} pools, the JSON pool file, credential sources and the governed authority packet.
 *
 * <p>Slot labels from the Sakana checkpoint ({@code gpt-5}, …) are training metadata, never bindings.
 */
package dev.trinity.coordinator.pool;
