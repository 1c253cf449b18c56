package dev.trinity.coordinator.train.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.UUID;

/**
 * A checkpoint to write; the store assigns the version (unless given), the time and the best flag.
 *
 * @param id the id: writing the same id twice returns the first row (so a resumed run never duplicates one)
 * @param workflowId the workflow, 1-128 characters
 * @param configVersion a version to use, or null for {@code MAX + 1} within the workflow
 * @param runnableConfig what it takes to route with it again
 * @param metrics must hold a finite {@code score}: it decides the best flag
 * @param metadata {@code {epoch, summary, ...}}
 * @param artifactUrl reserved, usually null
 */
public record NewCheckpoint(String id, String workflowId, Integer configVersion, JsonNode runnableConfig,
                            JsonNode metrics, JsonNode metadata, String artifactUrl) {

    /** Validates; a null id becomes a random UUID. */
    public NewCheckpoint {
        id = id == null ? UUID.randomUUID().toString() : id;
        checkWorkflowId(workflowId);
        if (configVersion != null && configVersion < 1) {
            throw new IllegalArgumentException("config_version must be >= 1, got " + configVersion);
        }
        Objects.requireNonNull(runnableConfig, "runnableConfig");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(metadata, "metadata");
        JsonNode score = metrics.get("score");
        if (score == null || !score.isNumber() || !Double.isFinite(score.asDouble())) {
            throw new IllegalArgumentException("a checkpoint's metrics need a finite \"score\", got " + score);
        }
    }

    /** The score that decides the best flag. */
    public double score() {
        return metrics.get("score").asDouble();
    }

    static void checkWorkflowId(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        if (workflowId.isEmpty() || workflowId.length() > 128) {
            throw new IllegalArgumentException("workflow_id must be 1-128 characters, got " + workflowId.length());
        }
    }
}
