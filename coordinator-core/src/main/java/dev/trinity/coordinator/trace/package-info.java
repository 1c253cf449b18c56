/**
 * The run trace: event types and envelopes, redaction, the reference's ETF/SHA-256 hashes and the JSONL sink.
 *
 * <p>Events are redacted before any listener sees them; a failing listener is logged and ignored, so an observer
 * never fails the run it watches.
 */
package dev.trinity.coordinator.trace;
