/**
 * Micrometer metrics that mirror the trace: route latency, provider call latency and counts, token usage, budget
 * aborts, runs by final status and turns per run. Names follow the OpenTelemetry {@code gen_ai.*} conventions where
 * they fit; the registry is always passed in, never global.
 */
package dev.trinity.coordinator.metrics;
