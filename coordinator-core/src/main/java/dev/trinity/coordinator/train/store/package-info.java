/**
 * Training checkpoints: the {@link dev.trinity.coordinator.train.store.CheckpointStore} seam and its JDBC
 * implementations (SQLite, PostgreSQL) over the runbook's {@code agentensor_checkpoints} table, created and rolled
 * back by versioned migrations; the database enforces one best row per workflow and unique versions.
 */
package dev.trinity.coordinator.train.store;
