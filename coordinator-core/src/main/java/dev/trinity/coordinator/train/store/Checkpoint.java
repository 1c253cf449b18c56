package dev.trinity.coordinator.train.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored checkpoint: a row of {@code agentensor_checkpoints}.
 *
 * @param id the checkpoint id (a UUID string)
 * @param workflowId the workflow, 1-128 characters
 * @param configVersion the version within the workflow, from 1, unique per workflow
 * @param runnableConfig what it takes to route with this checkpoint again (router vector, routing, pool, prompts)
 * @param metrics per-evaluator means, score, loss, accuracies
 * @param metadata {@code {epoch, summary, trainer, seed, dataset_sha256, ...}}
 * @param artifactUrl reserved for external artifacts, null
 * @param createdAt when it was written (UTC, microseconds)
 * @param isBest whether its score is strictly above every earlier checkpoint of the workflow
 */
public record Checkpoint(String id, String workflowId, int configVersion, JsonNode runnableConfig, JsonNode metrics,
                         JsonNode metadata, String artifactUrl, Instant createdAt, boolean isBest) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates. */
    public Checkpoint {
        Objects.requireNonNull(id, "id");
        NewCheckpoint.checkWorkflowId(workflowId);
        if (configVersion < 1) {
            throw new IllegalArgumentException("config_version must be >= 1, got " + configVersion);
        }
        Objects.requireNonNull(runnableConfig, "runnableConfig");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The score in {@code metrics}, or NaN when it has none. */
    public double score() {
        JsonNode score = metrics.get("score");
        return score != null && score.isNumber() ? score.asDouble() : Double.NaN;
    }

    /** The epoch in {@code metadata}, or 0. */
    public int epoch() {
        return metadata.path("epoch").asInt(0);
    }

    /**
     * The checkpoint as the runbook's system serialises it: every field, {@code created_at} as ISO-8601.
     *
     * @return {@code {id, workflow_id, config_version, runnable_config, metrics, metadata, artifact_url, created_at,
     *     is_best}}
     */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("workflow_id", workflowId);
        node.put("config_version", configVersion);
        node.set("runnable_config", runnableConfig);
        node.set("metrics", metrics);
        node.set("metadata", metadata);
        node.put("artifact_url", artifactUrl);
        node.put("created_at", createdAt.toString());
        node.put("is_best", isBest);
        return node;
    }
}
