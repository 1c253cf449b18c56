package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.json.JsonFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A training run's configuration ({@code train.json}); every key is documented in {@code docs/training.md}.
 * Unknown keys are refused (a misspelt key never silently falls back to a default).
 *
 * @param workflowId the checkpoints' workflow, 1-128 characters
 * @param seed the seed of the validation split, the sep-CMA-ES draws and the minibatch order
 * @param router where to start from; {@link RouterSettings#bundled()} for the bundled tiny router
 * @param datasetPath the cases file, or null when the cases are inline
 * @param inlineDataset {@code {"cases": [...]}} given inline, or null
 * @param validationFraction the seeded share of cases held out for validation (0 for none), when no path is given
 * @param validationPath a cases file used for validation instead of a split, or null
 * @param evaluators the evaluators, at least one
 * @param trainer the trainer and its settings
 * @param optimizer epochs, checkpoints, timeouts, concurrency
 * @param pool the provider pool for evaluators that run the loop (a built-in name or a pool file)
 * @param baseDir the folder relative paths are resolved against (the config file's folder)
 */
public record TrainingConfig(String workflowId, long seed, RouterSettings router, Path datasetPath,
                             JsonNode inlineDataset, double validationFraction, Path validationPath,
                             List<EvaluatorSettings> evaluators, TrainerSettings trainer, OptimizerSettings optimizer,
                             String pool, Path baseDir) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates and copies. */
    public TrainingConfig {
        Objects.requireNonNull(workflowId, "workflow_id");
        if (workflowId.isEmpty() || workflowId.length() > 128) {
            throw new IllegalArgumentException("workflow_id must be 1-128 characters, got " + workflowId.length());
        }
        Objects.requireNonNull(router, "router");
        if ((datasetPath == null) == (inlineDataset == null)) {
            throw new IllegalArgumentException("dataset needs exactly one of \"path\" and \"cases\"");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation.fraction must be in [0, 1), got " + validationFraction);
        }
        evaluators = List.copyOf(evaluators);
        if (evaluators.isEmpty()) {
            throw new IllegalArgumentException("evaluators must name at least one evaluator");
        }
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(optimizer, "optimizer");
        pool = pool == null ? "mock" : pool;
    }

    /**
     * Where training starts: the flags {@code route} takes. All null means the bundled tiny router.
     *
     * @param routerVector a router vector safetensors (SVF offsets + head), or null
     * @param esLog its ES log, or null to find it beside the vector
     * @param artifactDir an adapted bundle, or null
     * @param modelDir the Qwen3 model folder, or null for the default
     * @param device {@code auto}, {@code cpu}, {@code cuda[:N]}
     * @param dtype {@code fp32} or {@code fp16}
     * @param threads libtorch threads, 0 for all cores
     * @param prefixCacheMb the engine's prefix cache in MB (0 turns it off), or null for the engine's default
     */
    public record RouterSettings(Path routerVector, Path esLog, Path artifactDir, Path modelDir, String device,
                                 String dtype, int threads, Integer prefixCacheMb) {
        /** Fills defaults. */
        public RouterSettings {
            device = device == null ? "auto" : device;
            dtype = dtype == null ? "fp32" : dtype;
            if (prefixCacheMb != null && prefixCacheMb < 0) {
                throw new IllegalArgumentException("router.prefix_cache_mb must be 0 (off) or a size in MB, got "
                        + prefixCacheMb);
            }
        }

        /** Whether no router was named (the bundled tiny router). */
        public boolean bundled() {
            return routerVector == null && artifactDir == null && modelDir == null;
        }
    }

    /**
     * One evaluator.
     *
     * @param id {@code expected-route}, {@code verifier-accept}, or a user evaluator's id
     * @param entrypoint a user evaluator's class name, or null for the built-ins
     * @param config its settings (for expected-route: {@code agent_credit}, {@code role_credit})
     */
    public record EvaluatorSettings(String id, String entrypoint, JsonNode config) {
        /** Validates. */
        public EvaluatorSettings {
            Objects.requireNonNull(id, "evaluator id");
            config = config == null ? JSON.createObjectNode() : config;
        }
    }

    /** The trainers. */
    public enum TrainerKind {
        /** Softmax cross-entropy over agent and role logits, Adam, on cached hidden states (head only). */
        SUPERVISED("supervised"),
        /** Separable CMA-ES over the head or the whole router vector. */
        SEP_CMA_ES("sep-cma-es");

        private final String wire;

        TrainerKind(String wire) {
            this.wire = wire;
        }

        /** The config spelling. */
        public String wireName() {
            return wire;
        }

        static TrainerKind parse(String text) {
            for (TrainerKind kind : values()) {
                if (kind.wire.equals(text)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("trainer.kind must be \"supervised\" or \"sep-cma-es\", got \""
                    + text + "\"");
        }
    }

    /**
     * The trainer.
     *
     * @param kind supervised or sep-CMA-ES
     * @param params {@code head} (the 10 x H head) or {@code head+svf} (the whole router vector; sep-CMA-ES only)
     * @param population sep-CMA-ES candidates per generation; 0 for {@code 4 + floor(3 ln n)}
     * @param sigma0 sep-CMA-ES starting step size
     * @param learningRate Adam's step size
     * @param weightDecay decoupled weight decay (AdamW)
     * @param batchSize supervised minibatch size
     */
    public record TrainerSettings(TrainerKind kind, String params, int population, double sigma0,
                                  double learningRate, double weightDecay, int batchSize) {
        /** Validates. */
        public TrainerSettings {
            Objects.requireNonNull(kind, "trainer.kind");
            if (!params.equals("head") && !params.equals("head+svf")) {
                throw new IllegalArgumentException("trainer.params must be \"head\" or \"head+svf\", got \"" + params
                        + "\"");
            }
            if (kind == TrainerKind.SUPERVISED && params.equals("head+svf")) {
                throw new IllegalArgumentException("the supervised trainer fits the head only (its hidden states are "
                        + "cached); use trainer.kind \"sep-cma-es\" for \"head+svf\"");
            }
            if (population != 0 && (population < 4 || population > 4096)) {
                throw new IllegalArgumentException("trainer.population must be 4-4096 (or 0 for the default), got "
                        + population);
            }
            if (!(sigma0 > 0) || !(learningRate > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("trainer.sigma0 and trainer.learning_rate must be positive, "
                        + "trainer.weight_decay >= 0");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("trainer.batch_size must be at least 1, got " + batchSize);
            }
        }

        /** Whether the whole router vector is trained. */
        public boolean trainsSvf() {
            return params.equals("head+svf");
        }
    }

    /**
     * Epochs, checkpoints and guardrails.
     *
     * @param epochs 1-50
     * @param checkpointInterval a checkpoint every this many epochs (1-100); the last epoch and new bests always
     * @param caseTimeoutSeconds one case's evaluation limit (1-300)
     * @param maxConcurrency requested parallel evaluations (1-16); the effective value is capped at 8
     * @param generationsPerEpoch sep-CMA-ES generations per epoch (1-1000)
     */
    public record OptimizerSettings(int epochs, int checkpointInterval, int caseTimeoutSeconds, int maxConcurrency,
                                    int generationsPerEpoch) {

        /** The cap on parallel evaluations, whatever is requested. */
        public static final int MAX_CONCURRENCY_CAP = 8;

        /** Validates the ranges of the runbook. */
        public OptimizerSettings {
            range("optimizer.epochs", epochs, 1, 50);
            range("optimizer.checkpoint_interval", checkpointInterval, 1, 100);
            range("optimizer.case_timeout_seconds", caseTimeoutSeconds, 1, 300);
            range("optimizer.max_concurrency", maxConcurrency, 1, 16);
            range("optimizer.generations_per_epoch", generationsPerEpoch, 1, 1000);
        }

        /** {@code min(max_concurrency, 8)}. */
        public int effectiveConcurrency() {
            return Math.min(maxConcurrency, MAX_CONCURRENCY_CAP);
        }

        private static void range(String key, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(key + " must be " + min + "-" + max + ", got " + value);
            }
        }
    }

    /**
     * Reads a config file; relative paths in it are resolved against its folder.
     *
     * @throws IOException naming the file and the bad key
     */
    public static TrainingConfig read(Path file) throws IOException {
        JsonNode root = JsonFiles.read(file, "training config " + file);
        try {
            return parse(root, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new IOException("training config " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a config.
     *
     * @param root the JSON object
     * @param baseDir the folder relative paths are resolved against
     * @return the config
     * @throws IllegalArgumentException naming the first bad or unknown key
     */
    public static TrainingConfig parse(JsonNode root, Path baseDir) {
        object(root, "the config");
        only(root, "", Set.of("workflow_id", "seed", "router", "dataset", "validation", "evaluators", "trainer",
                "optimizer", "pool", "description"));
        JsonNode workflow = root.get("workflow_id");
        if (workflow == null || !workflow.isTextual()) {
            throw new IllegalArgumentException("workflow_id (a string of 1-128 characters) is required");
        }
        JsonNode router = root.path("router");
        RouterSettings routerSettings = new RouterSettings(null, null, null, null, null, null, 0, null);
        if (!router.isMissingNode()) {
            object(router, "router");
            only(router, "router.", Set.of("router_vector", "es_log", "artifact_dir", "model_dir", "device", "dtype",
                    "threads", "prefix_cache_mb"));
            routerSettings = new RouterSettings(path(baseDir, router, "router_vector"), path(baseDir, router, "es_log"),
                    path(baseDir, router, "artifact_dir"), path(baseDir, router, "model_dir"),
                    text(router, "device", null), text(router, "dtype", null), integer(router, "router.threads", 0),
                    router.hasNonNull("prefix_cache_mb") ? integer(router, "router.prefix_cache_mb", 0) : null);
        }
        JsonNode dataset = root.path("dataset");
        object(dataset, "dataset (an object with \"path\" or \"cases\")");
        only(dataset, "dataset.", Set.of("path", "cases", "schema_version"));
        Path datasetPath = path(baseDir, dataset, "path");
        JsonNode inline = dataset.has("cases") ? dataset : null;
        JsonNode validation = root.path("validation");
        double fraction = 0.2;
        Path validationPath = null;
        if (!validation.isMissingNode()) {
            object(validation, "validation");
            only(validation, "validation.", Set.of("fraction", "path"));
            fraction = number(validation, "validation.fraction", validation.has("path") ? 0 : 0.2);
            validationPath = path(baseDir, validation, "path");
        }
        List<EvaluatorSettings> evaluators = new ArrayList<>();
        JsonNode list = root.path("evaluators");
        if (list.isMissingNode()) {
            evaluators.add(new EvaluatorSettings("expected-route", null, null));
        } else {
            if (!list.isArray()) {
                throw new IllegalArgumentException("evaluators must be a list of {\"id\": ...}");
            }
            for (JsonNode e : list) {
                object(e, "an evaluator");
                only(e, "evaluators[].", Set.of("id", "entrypoint", "config"));
                String id = text(e, "id", null);
                if (id == null || id.isBlank()) {
                    throw new IllegalArgumentException("every evaluator needs an \"id\"");
                }
                evaluators.add(new EvaluatorSettings(id, text(e, "entrypoint", null), e.get("config")));
            }
        }
        JsonNode trainer = root.path("trainer");
        if (!trainer.isMissingNode()) {
            object(trainer, "trainer");
            only(trainer, "trainer.", Set.of("kind", "params", "population", "sigma0", "learning_rate",
                    "weight_decay", "batch_size"));
        }
        TrainerSettings trainerSettings = new TrainerSettings(
                TrainerKind.parse(text(trainer, "kind", "supervised").toLowerCase(Locale.ROOT)),
                text(trainer, "params", "head"), integer(trainer, "trainer.population", 0),
                number(trainer, "trainer.sigma0", 0.03), number(trainer, "trainer.learning_rate", 0.05),
                number(trainer, "trainer.weight_decay", 1e-4), integer(trainer, "trainer.batch_size", 8));
        JsonNode optimizer = root.path("optimizer");
        if (!optimizer.isMissingNode()) {
            object(optimizer, "optimizer");
            only(optimizer, "optimizer.", Set.of("epochs", "checkpoint_interval", "case_timeout_seconds",
                    "max_concurrency", "generations_per_epoch"));
        }
        OptimizerSettings optimizerSettings = new OptimizerSettings(integer(optimizer, "optimizer.epochs", 3),
                integer(optimizer, "optimizer.checkpoint_interval", 1),
                integer(optimizer, "optimizer.case_timeout_seconds", 30),
                integer(optimizer, "optimizer.max_concurrency", 4),
                integer(optimizer, "optimizer.generations_per_epoch", 10));
        JsonNode seed = root.path("seed");
        if (!seed.isMissingNode() && !seed.isIntegralNumber()) {
            throw new IllegalArgumentException("seed must be an integer, got " + seed);
        }
        return new TrainingConfig(workflow.asText(), seed.asLong(0), routerSettings, datasetPath, inline, fraction,
                validationPath, evaluators, trainerSettings, optimizerSettings, text(root, "pool", "mock"), baseDir);
    }

    /** The SHA-256 of a config file's bytes: a resumed run must have the same config. */
    public static String sha256(Path file) throws IOException {
        return Sha256.of(Files.readAllBytes(file));
    }

    /** The SHA-256 of a config given as JSON (canonical text). */
    public static String sha256(JsonNode root) {
        return Sha256.of(root.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The effective settings as JSON (defaults filled in), for logs and results. */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("workflow_id", workflowId);
        node.put("seed", seed);
        ObjectNode t = node.putObject("trainer");
        t.put("kind", trainer.kind().wireName());
        t.put("params", trainer.params());
        t.put("population", trainer.population());
        t.put("sigma0", trainer.sigma0());
        t.put("learning_rate", trainer.learningRate());
        t.put("weight_decay", trainer.weightDecay());
        t.put("batch_size", trainer.batchSize());
        ObjectNode o = node.putObject("optimizer");
        o.put("epochs", optimizer.epochs());
        o.put("checkpoint_interval", optimizer.checkpointInterval());
        o.put("case_timeout_seconds", optimizer.caseTimeoutSeconds());
        o.put("max_concurrency", optimizer.effectiveConcurrency());
        o.put("generations_per_epoch", optimizer.generationsPerEpoch());
        node.putArray("evaluators").addAll(evaluators.stream().map(e -> (JsonNode) JSON.createObjectNode()
                .put("id", e.id())).toList());
        node.put("pool", pool);
        return node;
    }

    private static void object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
    }

    private static void only(JsonNode node, String prefix, Set<String> keys) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw new IllegalArgumentException("unknown key \"" + prefix + name + "\" (known: "
                        + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + " must be a string, got " + value);
        }
        return value.asText();
    }

    private static Path path(Path baseDir, JsonNode node, String key) {
        String text = text(node, key, null);
        if (text == null) {
            return null;
        }
        Path path = Path.of(text);
        return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
    }

    private static int integer(JsonNode node, String key, int fallback) {
        JsonNode value = node.get(key.substring(key.indexOf('.') + 1));
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException(key + " must be an integer, got " + value);
        }
        return value.asInt();
    }

    private static double number(JsonNode node, String key, double fallback) {
        JsonNode value = node.get(key.substring(key.indexOf('.') + 1));
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + value);
        }
        return value.asDouble();
    }
}
