package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a finished run reports ({@code results.json} and the {@code training_result} event).
 *
 * @param workflowId the workflow
 * @param runId this run's id
 * @param config the effective settings
 * @param datasetSha256 the dataset's hash
 * @param trainCases training cases
 * @param validationCases validation cases (0: metrics are on the training cases)
 * @param baseline the starting router's metrics
 * @param bestEpoch the epoch of the best checkpoint
 * @param best the best epoch's record (highest validation score, earliest on ties)
 * @param bestConfigVersion the best checkpoint's version in the store
 * @param history every epoch
 * @param seconds the run's wall time (all sessions of a resumed run)
 * @param routerVectorSha256 the SHA-256 of the best router vector's F32 bytes
 */
public record TrainingResult(String workflowId, String runId, ObjectNode config, String datasetSha256, int trainCases,
                             int validationCases, EpochMetrics baseline, int bestEpoch, EpochRecord best,
                             int bestConfigVersion, List<EpochRecord> history, double seconds,
                             String routerVectorSha256) {

    /** Copies. */
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** The best checkpoint's validation score. */
    public double bestScore() {
        return best.metrics().score();
    }

    /** The last epoch's record. */
    public EpochRecord last() {
        return history.get(history.size() - 1);
    }

    /** {@code results.json}. */
    public ObjectNode toJson() {
        ObjectNode node = TrainingEvent.Json.MAPPER.createObjectNode();
        node.put("workflow_id", workflowId);
        node.put("run_id", runId);
        node.set("config", config);
        node.putObject("dataset").put("sha256", datasetSha256).put("train_cases", trainCases)
                .put("validation_cases", validationCases);
        ObjectNode base = node.putObject("baseline");
        base.put("score", baseline.score());
        base.set("metrics", baseline.toJson());
        ObjectNode b = node.putObject("best");
        b.put("score", best.metrics().score());
        b.put("epoch", bestEpoch);
        b.put("checkpoint_id", best.checkpointId());
        b.put("config_version", bestConfigVersion);
        b.put("is_workflow_best", best.workflowBest());
        b.set("metrics", best.metrics().toJson());
        b.put("router_vector_sha256", routerVectorSha256);
        ObjectNode f = node.putObject("final");
        f.put("score", last().metrics().score());
        f.put("epoch", last().epoch());
        f.set("metrics", last().metrics().toJson());
        ArrayNode h = node.putArray("history");
        history.forEach(r -> h.add(r.toJson()));
        node.put("seconds", seconds);
        return node;
    }
}
