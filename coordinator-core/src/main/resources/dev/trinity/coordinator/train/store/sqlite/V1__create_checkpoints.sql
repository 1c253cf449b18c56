-- The runbook's table and both of its indexes (SQLite: JSON as TEXT, is_best as INTEGER, created_at ISO-8601 text).
CREATE TABLE agentensor_checkpoints (
    id TEXT PRIMARY KEY,
    workflow_id TEXT NOT NULL,
    config_version INTEGER NOT NULL,
    runnable_config TEXT NOT NULL,
    metrics TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    artifact_url TEXT,
    is_best INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_agentensor_checkpoints_workflow
    ON agentensor_checkpoints(workflow_id, config_version);
CREATE INDEX idx_agentensor_checkpoints_best
    ON agentensor_checkpoints(workflow_id, is_best);
