/**
 * The five run budgets (wall time, provider calls, per-call latency, Verifier revisions, estimated cost), the
 * checkpoints where they are checked, and the cost-estimator seam.
 */
package dev.trinity.coordinator.budget;
