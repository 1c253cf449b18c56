package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.json.JsonFiles;
import dev.trinity.coordinator.role.RoleInjector;
import dev.trinity.coordinator.train.report.Curves;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files a run leaves in its output folder, and the checkpoint's {@code runnable_config}. */
final class RunOutputs {

    static final String VECTOR = "router_vector.safetensors";
    private static final List<String> RUN_FILES = List.of("log.jsonl", "results.json", "curve.svg", "curve.png",
            VECTOR, "router_vector_es_log.json", TrainingState.FILE, "config.json");

    private RunOutputs() {
    }

    /** Removes a finished run's files before a new run (the hidden-state cache stays). */
    static void clear(Path out) {
        try {
            for (String name : RUN_FILES) {
                Files.deleteIfExists(out.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + out + ": " + e.getMessage(), e);
        }
    }

    /** What it takes to route with a vector again. */
    static ObjectNode runnableConfig(TrainingConfig config, TrainableRouter model, float[] vector) {
        ObjectNode node = TrainingEvent.Json.MAPPER.createObjectNode();
        node.set("router_vector", RouterVectorFiles.toJson(vector, model.outputCount(), model.hiddenSize(),
                model.svfLayers(), model.agentLabels()));
        node.put("model", model.describe());
        node.putObject("routing").put("agent_selection", "argmax").put("role_selection", "argmax");
        node.put("pool", config.pool());
        node.putObject("role_prompts").put("Worker", RoleInjector.WORKER_PROMPT)
                .put("Thinker", RoleInjector.THINKER_PROMPT).put("Verifier", RoleInjector.VERIFIER_PROMPT);
        node.put("max_concurrency", config.optimizer().effectiveConcurrency());
        return node;
    }

    /** Writes the best vector and its sidecar, {@code results.json} and the curves; returns the result. */
    static TrainingResult finish(Path out, TrainingState state, TrainingConfig config, TrainingData data,
                                 TrainableRouter model) throws IOException {
        EpochRecord best = state.bestRecord().orElseThrow();
        Path vector = out.resolve(VECTOR);
        String vectorSha256 = RouterVectorFiles.write(vector, state.bestVector(), model.svfLayers(),
                model.agentLabels(), "trained by coordinator train: workflow " + config.workflowId() + ", epoch "
                        + best.epoch() + ", checkpoint " + best.checkpointId());
        TrainingResult result = new TrainingResult(config.workflowId(), state.runId(), config.toJson(), data.sha256(),
                data.train().size(), data.validation().size(), state.baseline(), best.epoch(), best,
                state.bestConfigVersion(), state.history(), state.seconds(), vectorSha256);
        Files.writeString(out.resolve("results.json"), result.toJson().toPrettyString());
        Curves.write(result, out.resolve("curve.svg"), out.resolve("curve.png"));
        return result;
    }

    /** The result of a finished run, read back (a {@code --resume} of a finished run). */
    static TrainingResult readResult(Path out, TrainingState state, TrainingConfig config, List<String> ids) {
        try {
            JsonNode results = JsonFiles.read(out.resolve("results.json"), "results of " + out);
            EpochRecord best = state.bestRecord().orElseThrow();
            return new TrainingResult(config.workflowId(), state.runId(), config.toJson(),
                    results.path("dataset").path("sha256").asText(), results.path("dataset").path("train_cases").asInt(),
                    results.path("dataset").path("validation_cases").asInt(), state.baseline(), best.epoch(), best,
                    state.bestConfigVersion(), state.history(), state.seconds(),
                    results.path("best").path("router_vector_sha256").asText());
        } catch (IOException e) {
            throw new TrainingException("the finished run in " + out + " has no readable results.json: "
                    + e.getMessage(), e);
        }
    }
}
