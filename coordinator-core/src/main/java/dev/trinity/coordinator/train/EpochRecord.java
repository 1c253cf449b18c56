package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One finished epoch of a run.
 *
 * @param epoch the epoch, from 1
 * @param metrics the epoch router's validation metrics
 * @param checkpointId the checkpoint written for it, or null
 * @param workflowBest whether that checkpoint took the workflow's best flag
 * @param seconds the epoch's wall time
 */
public record EpochRecord(int epoch, EpochMetrics metrics, String checkpointId, boolean workflowBest,
                          double seconds) {

    /** As JSON: {@code {epoch, score, loss, train_score, accuracy, checkpoint_id, is_best, seconds}}. */
    public ObjectNode toJson() {
        ObjectNode node = TrainingEvent.Json.MAPPER.createObjectNode();
        node.put("epoch", epoch);
        node.setAll(metrics.toJson());
        node.put("checkpoint_id", checkpointId);
        node.put("is_best", workflowBest);
        node.put("seconds", seconds);
        return node;
    }

    /** Reads {@link #toJson()} back. */
    public static EpochRecord fromJson(JsonNode node, Iterable<String> evaluatorIds) {
        return new EpochRecord(node.path("epoch").asInt(), EpochMetrics.fromJson(node, evaluatorIds),
                node.path("checkpoint_id").isTextual() ? node.get("checkpoint_id").asText() : null,
                node.path("is_best").asBoolean(), node.path("seconds").asDouble());
    }
}
