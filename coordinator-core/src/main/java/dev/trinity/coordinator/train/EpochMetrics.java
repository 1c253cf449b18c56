package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a router did on a set of cases.
 *
 * @param perEvaluator evaluator id to its mean score
 * @param score the unweighted mean of the per-evaluator means: what the trainer maximises
 * @param loss the mean cross-entropy of the agent and role logits against the expected labels
 * @param agentAccuracy share of cases with the expected agent
 * @param roleAccuracy share with the expected role
 * @param bothAccuracy share with both
 * @param trainScore the score on the training cases
 * @param cases how many cases the metrics cover
 */
public record EpochMetrics(Map<String, Double> perEvaluator, double score, double loss, double agentAccuracy,
                           double roleAccuracy, double bothAccuracy, double trainScore, int cases) {

    /** Copies. */
    public EpochMetrics {
        perEvaluator = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perEvaluator));
    }

    /** The runbook's summary: evaluator id to its mean. */
    public ObjectNode summary() {
        ObjectNode node = TrainingEvent.Json.MAPPER.createObjectNode();
        perEvaluator.forEach(node::put);
        return node;
    }

    /** The checkpoint's {@code metrics}: per-evaluator means, score, loss, accuracies. */
    public ObjectNode toJson() {
        ObjectNode node = summary();
        node.put("score", score);
        node.put("loss", loss);
        node.putObject("accuracy").put("agent", agentAccuracy).put("role", roleAccuracy).put("both", bothAccuracy);
        node.put("train_score", trainScore);
        node.put("cases", cases);
        return node;
    }

    /** Reads {@link #toJson()} back. */
    public static EpochMetrics fromJson(JsonNode node, Iterable<String> evaluatorIds) {
        Map<String, Double> per = new LinkedHashMap<>();
        for (String id : evaluatorIds) {
            per.put(id, node.path(id).asDouble());
        }
        JsonNode accuracy = node.path("accuracy");
        return new EpochMetrics(per, node.path("score").asDouble(), node.path("loss").asDouble(),
                accuracy.path("agent").asDouble(), accuracy.path("role").asDouble(), accuracy.path("both").asDouble(),
                node.path("train_score").asDouble(), node.path("cases").asInt());
    }
}
