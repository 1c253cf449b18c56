/**
 * The run trace: event types and envelopes, redaction and the JSONL sink. The trace's
 * ETF/SHA-256 hashes are {@link dev.trinity.coordinator.hash.TraceHash}.
 *
 * <p>Events are redacted before any listener sees them; a failing listener is logged and ignored, so an observer
 * never fails the run it watches.
 */
package dev.trinity.coordinator.trace;
