-- The database itself enforces what the runbook's system only guarded with an in-process lock:
-- one best row per workflow, and one row per (workflow_id, config_version).
CREATE UNIQUE INDEX ux_agentensor_checkpoints_version
    ON agentensor_checkpoints (workflow_id, config_version);
CREATE UNIQUE INDEX ux_agentensor_checkpoints_one_best
    ON agentensor_checkpoints (workflow_id) WHERE is_best;
