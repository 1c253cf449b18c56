package dev.trinity.coordinator.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.pool.ProviderPools;
import dev.trinity.coordinator.train.TrainableRouter;
import dev.trinity.coordinator.train.Trainer;
import dev.trinity.coordinator.train.TrainingConfig;
import dev.trinity.coordinator.train.TrainingData;
import dev.trinity.coordinator.train.TrainingEvent;
import dev.trinity.coordinator.train.TrainingException;
import dev.trinity.coordinator.train.store.CheckpointStore;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runbook's training websocket, {@code /ws/workflow/{workflow_id}}: one {@code train_workflow} message per
 * connection; the trainer's events are streamed as {@code {node, event, payload}} frames as they happen, then
 * {@code training_result} and {@code {"status": "completed"}}, and the server closes the socket. A client that
 * disconnects stops its run at the next case or candidate (the store and the run's folder stay consistent, and the
 * run can be resumed with the same {@code execution_id} and {@code "resume": true}).
 */
final class TrainingSocket {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingSocket.class);

    /** Workflow and execution ids become folder names: no separators, no dot-only names. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** Loads the router a training config starts from. */
    @FunctionalInterface
    interface RouterLoader {
        /**
         * Loads it.
         *
         * @param settings the config's {@code router} block
         * @return the router; the socket closes it after the run
         * @throws RuntimeException one line saying what is wrong
         */
        TrainableRouter load(TrainingConfig.RouterSettings settings);
    }

    /** One connection. */
    private static final class Session {
        final WsContext ctx;
        volatile boolean started;
        volatile boolean clientGone;
        volatile Trainer trainer;

        Session(WsContext ctx) {
            this.ctx = ctx;
        }

        /** Sends one text frame; a client that went away is not an error of the run. */
        synchronized void send(String text) {
            if (clientGone) {
                return;
            }
            try {
                ctx.send(text);
            } catch (RuntimeException e) {
                clientGone = true;
                LOG.debug("training socket {}: the client went away ({})", ctx.sessionId(), e.getMessage());
            }
        }

        void close() {
            try {
                ctx.closeSession();
            } catch (RuntimeException e) {
                LOG.debug("training socket {}: close failed ({})", ctx.sessionId(), e.getMessage());
            }
        }
    }

    private final ObjectMapper json;
    private final CheckpointStore store;
    private final RouterLoader loader;
    private final Path trainDir;
    private final boolean allowLive;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final ExecutorService runs;
    private final MeterRegistry registry;
    private volatile boolean shuttingDown;

    TrainingSocket(ObjectMapper json, CheckpointStore store, RouterLoader loader, Path trainDir, boolean allowLive,
                   MeterRegistry registry) {
        this.json = json;
        this.store = store;
        this.loader = loader;
        this.trainDir = trainDir;
        this.allowLive = allowLive;
        this.registry = registry;
        AtomicInteger count = new AtomicInteger();
        this.runs = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "training-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void onConnect(WsConnectContext ctx) {
        Session session = new Session(ctx);
        sessions.put(ctx.sessionId(), session);
        if (shuttingDown) {
            finish(session, status("cancelled", "reason", "the server is shutting down"));
            return;
        }
        ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
    }

    void onMessage(WsMessageContext ctx) {
        Session session = sessions.get(ctx.sessionId());
        if (session == null) {
            return;
        }
        if (session.started) {
            session.send(status("error", "error", "one train_workflow message per connection; this one is "
                    + "already training").toString());
            return;
        }
        session.started = true;
        JsonNode message;
        try {
            message = json.readTree(ctx.message());
        } catch (JsonProcessingException e) {
            finish(session, error("Invalid JSON: " + JsonBodies.oneLine(e)));
            return;
        }
        if (message == null || !message.isObject() || !"train_workflow".equals(message.path("type").asText(null))) {
            finish(session, error("Invalid message type"));
            return;
        }
        String workflowId = ctx.pathParam("workflow_id");
        TrainingConfig config;
        TrainingData data;
        String executionId;
        try {
            if (!SAFE_ID.matcher(workflowId).matches()) {
                throw new IllegalArgumentException("the workflow id in the path must be 1-128 letters, digits, "
                        + "'.', '_', ':' or '-', starting with a letter or digit");
            }
            config = config(message.get("training"), workflowId);
            data = TrainingData.load(config); // an empty or unreadable dataset is a bad payload, not a failed run
            executionId = executionId(message.get("execution_id"));
        } catch (IllegalArgumentException | TrainingException e) {
            finish(session, error("Invalid training payload: " + e.getMessage()));
            return;
        }
        boolean resume = message.path("resume").asBoolean(false);
        Path out = trainDir.resolve(workflowId).resolve(executionId);
        runs.execute(() -> train(session, config, data, executionId, out, resume));
    }

    void onClose(WsCloseContext ctx) {
        Session session = sessions.remove(ctx.sessionId());
        if (session == null) {
            return;
        }
        session.clientGone = true;
        Trainer trainer = session.trainer;
        if (trainer != null) {
            LOG.info("training socket {}: the client disconnected; stopping its run", ctx.sessionId());
            trainer.requestStop();
        }
    }

    /** The {@code training} block as a config, with the path's workflow id. */
    private TrainingConfig config(JsonNode training, String workflowId) {
        if (training == null || !training.isObject()) {
            throw new IllegalArgumentException("\"training\" must be an object: the train.json of coordinator "
                    + "train (docs/training.md)");
        }
        ObjectNode copy = training.deepCopy();
        JsonNode given = copy.get("workflow_id");
        if (given != null && !(given.isTextual() && given.asText().equals(workflowId))) {
            throw new IllegalArgumentException("training.workflow_id " + given + " differs from the workflow in the "
                    + "path (" + workflowId + "); leave it out");
        }
        copy.put("workflow_id", workflowId);
        TrainingConfig config = TrainingConfig.parse(copy, Path.of("").toAbsolutePath());
        if (!allowLive && !ProviderPools.resolve(config.pool()).allMock()) {
            throw new IllegalArgumentException("pool " + config.pool() + " calls live providers, and this server "
                    + "was started without --allow-live");
        }
        return config;
    }

    private static String executionId(JsonNode given) {
        if (given == null || given.isNull()) {
            return UUID.randomUUID().toString();
        }
        if (!given.isTextual() || !SAFE_ID.matcher(given.asText()).matches()) {
            throw new IllegalArgumentException("execution_id must be 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        return given.asText();
    }

    private void train(Session session, TrainingConfig config, TrainingData data, String executionId, Path out,
                       boolean resume) {
        String outcome = "error";
        TrainableRouter model = null;
        try {
            model = loader.load(config.router());
            Trainer trainer = Trainer.builder(config, model, store, out).data(data).resume(resume)
                    .migrateStore(false).listener(event -> send(session, event)).build();
            session.trainer = trainer;
            if (session.clientGone || shuttingDown) {
                trainer.requestStop();
            }
            LOG.info("training socket {}: training workflow {} (execution {}) into {}", session.ctx.sessionId(),
                    config.workflowId(), executionId, out);
            trainer.run(); // its last event is training_result
            session.send(status("completed", "execution_id", executionId).toString());
            outcome = "completed";
        } catch (TrainingException e) {
            if (shuttingDown || session.clientGone) {
                outcome = "cancelled";
                session.send(status("cancelled", "reason", (shuttingDown ? "the server is shutting down: "
                        : "the client disconnected: ") + e.getMessage()).toString());
            } else {
                session.send(error(e.getMessage()).toString());
            }
        } catch (RuntimeException e) {
            LOG.warn("training socket {}: the run failed", session.ctx.sessionId(), e);
            session.send(error(JsonBodies.oneLine(e)).toString());
        } finally {
            if (model != null) {
                try {
                    model.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing the training router failed", e);
                }
            }
            Counter.builder("coordinator.serve.training.runs").description("Websocket training runs by outcome")
                    .tag("outcome", outcome).register(registry).increment();
            session.close();
        }
    }

    private void send(Session session, TrainingEvent event) {
        session.send(event.toJson().toString());
    }

    private void finish(Session session, ObjectNode frame) {
        session.send(frame.toString());
        session.close();
    }

    private ObjectNode error(String message) {
        return status("error", "error", message);
    }

    private ObjectNode status(String status, String key, String value) {
        ObjectNode node = json.createObjectNode();
        node.put("status", status);
        node.put(key, value);
        return node;
    }

    /** How many runs are training now. */
    long active() {
        return sessions.values().stream().filter(s -> s.trainer != null).count();
    }

    /**
     * Stops every run at its next case or candidate and waits (up to {@code graceMs}) until each has written its
     * state and closed its socket with {@code {"status": "cancelled"}}.
     */
    void shutdown(long graceMs) {
        shuttingDown = true;
        sessions.values().forEach(s -> {
            Trainer trainer = s.trainer;
            if (trainer != null) {
                trainer.requestStop();
            } else if (!s.started) {
                finish(s, status("cancelled", "reason", "the server is shutting down"));
            }
        });
        runs.shutdown();
        try {
            if (!runs.awaitTermination(Math.max(1, graceMs), TimeUnit.MILLISECONDS)) {
                LOG.warn("training runs still going after {} ms; interrupting them", graceMs);
                runs.shutdownNow();
                runs.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
