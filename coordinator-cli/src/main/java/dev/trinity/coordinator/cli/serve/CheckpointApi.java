package dev.trinity.coordinator.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.trinity.coordinator.train.store.Checkpoint;
import dev.trinity.coordinator.train.store.CheckpointStore;

/**
 * The runbook's checkpoint REST: {@code GET /api/workflows/{workflow_id}/agentensor/checkpoints?limit=N} and
 * {@code .../checkpoints/{checkpoint_id}}.
 */
final class CheckpointApi {

    private final ObjectMapper json;
    private final CheckpointStore store;

    CheckpointApi(ObjectMapper json, CheckpointStore store) {
        this.json = json;
        this.store = store;
    }

    /**
     * A workflow's checkpoints, newest version first.
     *
     * @param workflow the workflow id
     * @param limitText the {@code limit} query parameter, or null for 20
     * @return a JSON array of checkpoint objects
     * @throws ApiError 422 when the limit is not an integer 1-200
     */
    JsonNode list(String workflow, String limitText) {
        int limit = 20;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 200) {
                throw new ApiError(422, "limit must be an integer 1-200, got \"" + limitText + "\"");
            }
        }
        ArrayNode rows = json.createArrayNode();
        for (Checkpoint checkpoint : store.list(workflow, limit)) {
            rows.add(checkpoint.toJson());
        }
        return rows;
    }

    /**
     * One checkpoint of a workflow.
     *
     * @param workflow the workflow id
     * @param id the checkpoint id
     * @return the checkpoint object
     * @throws ApiError 404 when there is no such checkpoint or it belongs to another workflow
     */
    JsonNode get(String workflow, String id) {
        Checkpoint checkpoint = store.get(id)
                .filter(c -> c.workflowId().equals(workflow))
                .orElseThrow(() -> ApiError.notFound("Checkpoint not found"));
        return checkpoint.toJson();
    }
}
