/**
 * Hashes compatible with the Elixir reference: SHA-256 over Erlang's compressed External Term Format.
 *
 * <p>{@link dev.trinity.coordinator.hash.ErlangTerms} is the encoder ({@code term_to_binary(t, [compressed])});
 * {@link dev.trinity.coordinator.hash.SnapshotHashes} gives the prompt-eval {@code transcript_hash} and
 * {@code route_hash}; {@link dev.trinity.coordinator.hash.TraceHash} gives the trace hashes
 * ({@code Trace.Hash} in the reference), whose maps use string keys.
 */
package dev.trinity.coordinator.hash;
