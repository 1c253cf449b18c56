package dev.trinity.coordinator.train;

import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.loop.ModelRouter;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPools;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.route.ConversationRouter;
import dev.trinity.coordinator.route.HiddenStateExtractor;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import dev.trinity.coordinator.train.store.Checkpoint;
import dev.trinity.coordinator.train.store.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a router and keeps everything a run leaves in its output folder: {@code log.jsonl} (events as they
 * happen), {@code state.json} (the resume point, after every epoch), the hidden-state cache, and at the end
 * {@code results.json}, {@code curve.svg}, {@code curve.png} and the best {@code router_vector.safetensors} with its
 * ES-log sidecar.
 *
 * <pre>{@code
 * try (CheckpointStore store = CheckpointStores.open("sqlite:out/checkpoints.sqlite");
 *      TrainableRouter model = ...) {
 *     TrainingResult result = Trainer.builder(TrainingConfig.read(Path.of("train.json")), model, store,
 *             Path.of("out")).listener(event -> System.out.println(event.toJson())).build().run();
 * }
 * }</pre>
 *
 * <p>One epoch: the trainer updates the parameters (supervised: Adam over shuffled minibatches; sep-CMA-ES:
 * {@code generations_per_epoch} generations), then the epoch's router (the parameters, or the distribution mean) is
 * scored on the training cases (one {@code training_progress} event each) and on the validation cases (the epoch's
 * metrics); a checkpoint is written at {@code checkpoint_interval} boundaries, at the last epoch, and whenever the
 * validation score is strictly above every earlier checkpoint of the run. Every random draw derives from the seed and
 * counters and every sum runs in a fixed order, so a run resumed after a crash ends with the same best router vector,
 * bit for bit, as an uninterrupted one.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** Conversations per batched forward when extracting hidden states. */
    static final int EXTRACT_BATCH = 16;

    private final TrainingConfig config;
    private final TrainableRouter model;
    private final CheckpointStore store;
    private final Path out;
    private final boolean resume;
    private final boolean migrateStore;
    private final List<TrainingListener> listeners;
    private final Consumer<String> progress;
    private final Supplier<AgentPool> pool;
    private final String configSha256;
    private final TrainingData data;
    private volatile boolean stopRequested;

    private Trainer(Builder b) {
        this.config = b.config;
        this.model = b.model;
        this.store = b.store;
        this.out = b.out;
        this.resume = b.resume;
        this.migrateStore = b.migrateStore;
        this.listeners = List.copyOf(b.listeners);
        this.progress = b.progress;
        this.pool = b.pool != null ? b.pool : () -> AgentPool.builder(ProviderPools.resolve(b.config.pool()))
                .mockProvider(MockChatProvider.rolePlaying()).build();
        this.configSha256 = b.configSha256 != null ? b.configSha256 : TrainingConfig.sha256(b.config.toJson());
        this.data = b.data;
    }

    /**
     * A builder.
     *
     * @param config the run's settings
     * @param model the router to start from (the caller closes it)
     * @param store where checkpoints go (the caller closes it)
     * @param out the output folder
     * @return the builder
     */
    public static Builder builder(TrainingConfig config, TrainableRouter model, CheckpointStore store, Path out) {
        return new Builder(config, model, store, out);
    }

    /** Asks the run to stop at the next case or candidate; the store and the resume point stay consistent. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs pre-flight, then trains; with resume, continues the unfinished run in the output folder.
     *
     * @return the result
     * @throws TrainingException one line: a pre-flight failure, a NaN stop, an interruption, a refused folder
     */
    public TrainingResult run() {
        List<String> evaluatorIds = config.evaluators().stream().map(TrainingConfig.EvaluatorSettings::id).toList();
        TrainingState previous = readState(evaluatorIds);
        if (previous != null && !previous.finished() && !resume) {
            throw new TrainingException(Wording.of(out + " holds an unfinished run (epoch "
                    + previous.completedEpochs() + " of " + previous.epochs() + ", " + previous.status() + "); "
                    + "continue it with ", Setting.RESUME, ", or pass another ", Setting.OUTPUT_DIR), null);
        }
        if (resume && previous == null) {
            throw new TrainingException(Wording.of("nothing to resume in " + out + " (no " + TrainingState.FILE
                    + "); start the run without ", Setting.RESUME), null);
        }
        if (resume && !previous.configSha256().equals(configSha256)) {
            throw new TrainingException(Wording.of("the config changed since the run in " + out + " started; resume "
                    + "with the same config, or start a new run with another ", Setting.OUTPUT_DIR), null);
        }
        if (resume && previous.finished()) {
            return RunOutputs.readResult(out, previous, config, evaluatorIds);
        }
        TrainingState start = resume ? previous : null;
        if (start == null) {
            RunOutputs.clear(out);
        }
        TrainingData data = this.data != null ? this.data : TrainingData.load(config);
        List<String> notes = Preflight.dataset(data, model.outputCount() - RouterHead.NUM_ROLES);
        Preflight.disk(out, data.all().size(), model.hiddenSize(), model.routerVector().length,
                config.optimizer().epochs());
        Preflight.store(store, migrateStore);
        Map<String, Evaluator> evaluators = Evaluators.create(config, pool);
        notes.forEach(progress);
        try (JsonlEventLog log = JsonlEventLog.open(out.resolve("log.jsonl"), start == null ? 0 : start.logBytes());
             RouterScorer scorer = new RouterScorer(evaluators, model.outputCount(),
                     config.optimizer().caseTimeoutSeconds(), config.optimizer().effectiveConcurrency())) {
            Files.writeString(out.resolve("config.json"), config.toJson().toPrettyString(), StandardCharsets.UTF_8);
            Run run = new Run(this, data, scorer, log, evaluatorIds);
            if (start == null) {
                notes.stream().filter(n -> n.startsWith("warning:")).forEach(n -> run.emit(
                        new TrainingEvent.Warning(0, "dataset", n.substring("warning: ".length()))));
            }
            return run.execute(start);
        } catch (IOException e) {
            throw new UncheckedIOException("training output in " + out + ": " + e.getMessage(), e);
        }
    }

    private TrainingState readState(List<String> evaluatorIds) {
        try {
            Files.createDirectories(out);
            return TrainingState.read(out, evaluatorIds);
        } catch (IOException e) {
            throw new TrainingException("cannot read the run state in " + out + ": " + e.getMessage(), e);
        }
    }

    TrainingConfig config() {
        return config;
    }

    TrainableRouter model() {
        return model;
    }

    CheckpointStore store() {
        return store;
    }

    Path out() {
        return out;
    }

    String configSha256() {
        return configSha256;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    Consumer<String> progress() {
        return progress;
    }

    /** Delivers an event to the listeners; a listener that throws is logged and ignored. */
    void deliver(TrainingEvent event) {
        for (TrainingListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("training listener {} failed on {}: {}", listener, event.event(), e.toString());
            }
        }
    }

    /** A loop router over a head and an extractor, for evaluators that run the loop. */
    static Router loopRouter(HiddenStateExtractor extractor, float[] head, int rows) {
        RouterHead routerHead = RouterHead.of(head, rows, extractor.hiddenSize());
        return new ModelRouter(ConversationRouter.of(extractor, routerHead, null), RoutingOptions.defaults(),
                Map.of());
    }

    /** A deterministic checkpoint id: the same run and epoch always give the same id (resume never duplicates). */
    static String checkpointId(String runId, int epoch) {
        return UUID.nameUUIDFromBytes((runId + "/epoch/" + epoch).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Cases as conversations. */
    static List<List<dev.trinity.coordinator.conversation.Message>> conversations(List<PromptEvalCase> cases) {
        List<List<dev.trinity.coordinator.conversation.Message>> out = new ArrayList<>(cases.size());
        cases.forEach(c -> out.add(c.messages()));
        return out;
    }

    /** Builds a {@link Trainer}. */
    public static final class Builder {
        private final TrainingConfig config;
        private final TrainableRouter model;
        private final CheckpointStore store;
        private final Path out;
        private boolean resume;
        private boolean migrateStore;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Consumer<String> progress = line -> { };
        private Supplier<AgentPool> pool;
        private String configSha256;
        private TrainingData data;

        private Builder(TrainingConfig config, TrainableRouter model, CheckpointStore store, Path out) {
            this.config = Objects.requireNonNull(config, "config");
            this.model = Objects.requireNonNull(model, "model");
            this.store = Objects.requireNonNull(store, "store");
            this.out = Objects.requireNonNull(out, "out").toAbsolutePath();
        }

        /** Continue the unfinished run in the output folder (default: start a new one). */
        public Builder resume(boolean value) {
            this.resume = value;
            return this;
        }

        /** Apply the store's pending migrations instead of failing pre-flight (the embedded SQLite default). */
        public Builder migrateStore(boolean value) {
            this.migrateStore = value;
            return this;
        }

        /** Adds a listener of the run's events. */
        public Builder listener(TrainingListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Receives progress lines that are not events (extraction progress, the class balance report). */
        public Builder progress(Consumer<String> value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /** Binds the provider pool for {@code verifier-accept} (default: the config's pool, mock replies). */
        public Builder pool(Supplier<AgentPool> value) {
            this.pool = Objects.requireNonNull(value, "pool");
            return this;
        }

        /**
         * The config's identity, compared on resume (default: a hash of the effective settings); the CLI passes the
         * config file's SHA-256.
         */
        public Builder configSha256(String value) {
            this.configSha256 = value;
            return this;
        }

        /**
         * The config's dataset, already read (a server checks it before accepting a run); default: read at
         * {@link Trainer#run()}.
         */
        public Builder data(TrainingData value) {
            this.data = Objects.requireNonNull(value, "data");
            return this;
        }

        /** Builds the trainer. */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
