/**
 * The run trace: the JSONL wire format of run events ({@link dev.trinity.coordinator.trace.TraceWire}, event types
 * and envelopes), redaction and the JSONL file listener. The trace's ETF/SHA-256 hashes are
 * {@link dev.trinity.coordinator.hash.TraceHash}.
 *
 * <p>Every wire event is redacted with its run's {@link dev.trinity.coordinator.trace.Redactor} before it is written;
 * a failing listener is logged and ignored, so an observer never fails the run it watches.
 */
package dev.trinity.coordinator.trace;
