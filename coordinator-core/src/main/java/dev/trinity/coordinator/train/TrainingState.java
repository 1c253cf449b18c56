package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.json.JsonFiles;
import dev.trinity.coordinator.train.cmaes.SepCmaEs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A run's resume point, {@code DIR/state.json}, replaced atomically after every epoch: the epoch reached, the
 * optimiser's whole state (Adam moments and step, or the sep-CMA-ES mean, sigma, diagonal and paths; every random
 * draw derives from the seed and the counters, so no generator state is needed), the history, the best so far, and
 * how many bytes of {@code log.jsonl} belong to it. Arrays are stored as base64 of their exact bits.
 *
 * @param status {@code running}, {@code finished}, {@code failed} or {@code stopped}
 * @param configSha256 the config's hash: a resume must use the same
 * @param runId the run's id (checkpoint ids derive from it)
 * @param epochs the run's epoch count
 * @param completedEpochs epochs done
 * @param logBytes the log's length at this point
 * @param seconds wall time so far
 * @param baseline the starting router's metrics
 * @param history the finished epochs
 * @param bestEpoch the best epoch so far, 0 before any
 * @param bestVector the best router vector so far, or null
 * @param bestConfigVersion the best checkpoint's version
 * @param head supervised: the head parameters in double, else null
 * @param adamM supervised: Adam's first moments
 * @param adamV supervised: Adam's second moments
 * @param adamStep supervised: Adam's step count
 * @param cma sep-CMA-ES: the optimiser state, else null
 * @param message why the run failed or stopped, or null
 */
public record TrainingState(String status, String configSha256, String runId, int epochs, int completedEpochs,
                            long logBytes, double seconds, EpochMetrics baseline, List<EpochRecord> history,
                            int bestEpoch, float[] bestVector, int bestConfigVersion, double[] head, double[] adamM,
                            double[] adamV, long adamStep, SepCmaEs.State cma, String message) {

    /** The file name in the output folder. */
    public static final String FILE = "state.json";

    /** Copies the history. */
    public TrainingState {
        history = List.copyOf(history);
    }

    /** Whether the run reached its last epoch and wrote its outputs. */
    public boolean finished() {
        return "finished".equals(status);
    }

    /** This state with another status and message. */
    public TrainingState withStatus(String newStatus, String newMessage) {
        return new TrainingState(newStatus, configSha256, runId, epochs, completedEpochs, logBytes, seconds, baseline,
                history, bestEpoch, bestVector, bestConfigVersion, head, adamM, adamV, adamStep, cma, newMessage);
    }

    /** This state with another log length. */
    public TrainingState withLogBytes(long bytes) {
        return new TrainingState(status, configSha256, runId, epochs, completedEpochs, bytes, seconds, baseline,
                history, bestEpoch, bestVector, bestConfigVersion, head, adamM, adamV, adamStep, cma, message);
    }

    /** Writes {@code dir/state.json} atomically (a temporary file renamed over it). */
    public void write(Path dir) throws IOException {
        ObjectNode n = TrainingEvent.Json.MAPPER.createObjectNode();
        n.put("version", 1);
        n.put("status", status);
        n.put("config_sha256", configSha256);
        n.put("run_id", runId);
        n.put("epochs", epochs);
        n.put("completed_epochs", completedEpochs);
        n.put("log_bytes", logBytes);
        n.put("seconds", seconds);
        n.set("baseline", baseline == null ? null : baseline.toJson());
        ArrayNode h = n.putArray("history");
        history.forEach(r -> h.add(r.toJson()));
        n.put("best_epoch", bestEpoch);
        n.put("best_vector", bestVector == null ? null : floats(bestVector));
        n.put("best_config_version", bestConfigVersion);
        n.put("message", message);
        if (head != null) {
            ObjectNode s = n.putObject("supervised");
            s.put("head", doubles(head));
            s.put("adam_m", doubles(adamM));
            s.put("adam_v", doubles(adamV));
            s.put("adam_step", adamStep);
        }
        if (cma != null) {
            ObjectNode s = n.putObject("sep_cma_es");
            s.put("generation", cma.generation());
            s.put("mean", doubles(cma.mean()));
            s.put("sigma", cma.sigma());
            s.put("diagonal", doubles(cma.diagonal()));
            s.put("sigma_path", doubles(cma.sigmaPath()));
            s.put("covariance_path", doubles(cma.covariancePath()));
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, n.toString().getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads {@code dir/state.json}.
     *
     * @return the state, or null when there is none
     */
    public static TrainingState read(Path dir, Iterable<String> evaluatorIds) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode n = JsonFiles.read(file, "training state " + file);
        List<EpochRecord> history = new ArrayList<>();
        n.path("history").forEach(r -> history.add(EpochRecord.fromJson(r, evaluatorIds)));
        JsonNode s = n.path("supervised");
        JsonNode c = n.path("sep_cma_es");
        SepCmaEs.State cma = c.isMissingNode() ? null : new SepCmaEs.State(c.path("generation").asInt(),
                doubles(c.path("mean").asText()), c.path("sigma").asDouble(), doubles(c.path("diagonal").asText()),
                doubles(c.path("sigma_path").asText()), doubles(c.path("covariance_path").asText()));
        return new TrainingState(n.path("status").asText(), n.path("config_sha256").asText(), n.path("run_id").asText(),
                n.path("epochs").asInt(), n.path("completed_epochs").asInt(), n.path("log_bytes").asLong(),
                n.path("seconds").asDouble(),
                n.path("baseline").isObject() ? EpochMetrics.fromJson(n.get("baseline"), evaluatorIds) : null,
                history, n.path("best_epoch").asInt(),
                n.path("best_vector").isTextual() ? floats(n.get("best_vector").asText()) : null,
                n.path("best_config_version").asInt(),
                s.isMissingNode() ? null : doubles(s.path("head").asText()),
                s.isMissingNode() ? null : doubles(s.path("adam_m").asText()),
                s.isMissingNode() ? null : doubles(s.path("adam_v").asText()), s.path("adam_step").asLong(), cma,
                n.path("message").isTextual() ? n.get("message").asText() : null);
    }

    static String doubles(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static double[] doubles(String base64) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }

    static String floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static float[] floats(String base64) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** The history record of the best epoch, empty before any. */
    public Optional<EpochRecord> bestRecord() {
        return history.stream().filter(r -> r.epoch() == bestEpoch).findFirst();
    }
}
