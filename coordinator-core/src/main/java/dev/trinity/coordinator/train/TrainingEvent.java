package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.train.store.Checkpoint;
import java.util.Map;

/**
 * What a training run reports as it goes: records, serialised at the edge into the runbook's envelope
 * {@code {"node": "router_trainer", "event": E, "payload": P}} ({@link #toJson()}).
 */
public sealed interface TrainingEvent {

    /** The envelope's {@code node}. */
    String NODE = "router_trainer";

    /** The event name, such as {@code training_progress}. */
    String event();

    /** The payload. */
    ObjectNode payload();

    /** The envelope: {@code {node, event, payload}}. */
    default ObjectNode toJson() {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        envelope.put("node", NODE);
        envelope.put("event", event());
        envelope.set("payload", payload());
        return envelope;
    }

    /**
     * One case evaluated by the epoch's router ({@code training_progress}).
     *
     * @param caseIndex the case's index in the training set
     * @param caseId the case id
     * @param epoch the epoch, from 1
     * @param evaluations evaluator id to its evaluation
     * @param error the error, or null
     * @param durationMs how long the evaluation took
     */
    record Progress(int caseIndex, String caseId, int epoch, Map<String, Evaluation> evaluations, String error,
                    double durationMs) implements TrainingEvent {
        @Override
        public String event() {
            return "training_progress";
        }

        @Override
        public ObjectNode payload() {
            ObjectNode p = Json.MAPPER.createObjectNode();
            p.put("case_index", caseIndex);
            p.put("case_id", caseId);
            p.put("epoch", epoch);
            ObjectNode e = p.putObject("evaluations");
            evaluations.forEach((id, v) -> e.putObject(id).put("score", v.score()).put("passed", v.passed())
                    .put("reason", v.reason()));
            if (error != null) {
                p.put("error", error);
            }
            p.put("duration_ms", durationMs);
            return p;
        }
    }

    /**
     * A checkpoint was written ({@code training_checkpoint}): the checkpoint as stored.
     *
     * @param checkpoint the stored row
     */
    record CheckpointWritten(Checkpoint checkpoint) implements TrainingEvent {
        @Override
        public String event() {
            return "training_checkpoint";
        }

        @Override
        public ObjectNode payload() {
            return checkpoint.toJson();
        }
    }

    /**
     * An epoch ended ({@code training_epoch_complete}).
     *
     * @param epoch the epoch, from 1
     * @param metrics the epoch's metrics
     */
    record EpochComplete(int epoch, EpochMetrics metrics) implements TrainingEvent {
        @Override
        public String event() {
            return "training_epoch_complete";
        }

        @Override
        public ObjectNode payload() {
            ObjectNode p = Json.MAPPER.createObjectNode();
            p.put("epoch", epoch);
            p.set("summary", metrics.summary());
            p.set("metrics", metrics.toJson());
            return p;
        }
    }

    /**
     * A warning for whoever watches the run ({@code training_warning}): divergence, plateau, class balance.
     *
     * @param epoch the epoch, 0 before training
     * @param kind {@code divergence}, {@code plateau}, {@code dataset}
     * @param message one line
     */
    record Warning(int epoch, String kind, String message) implements TrainingEvent {
        @Override
        public String event() {
            return "training_warning";
        }

        @Override
        public ObjectNode payload() {
            return Json.MAPPER.createObjectNode().put("epoch", epoch).put("kind", kind).put("message", message);
        }
    }

    /**
     * The run ended ({@code training_result}): what {@code results.json} holds.
     *
     * @param result the result
     */
    record Result(TrainingResult result) implements TrainingEvent {
        @Override
        public String event() {
            return "training_result";
        }

        @Override
        public ObjectNode payload() {
            return result.toJson();
        }
    }

    /** The shared JSON mapper. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }
    }
}
