package dev.trinity.coordinator.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.metrics.CoordinatorMetrics;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.train.TrainableRouter;
import dev.trinity.coordinator.train.TrainingConfig;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStoreException;
import dev.trinity.coordinator.train.store.Migrations;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator as a service (docs/serve.md): health, batched routing, runs, Prometheus metrics, the runbook's
 * training websocket and checkpoint REST, bearer-token authentication, body limits, and a graceful shutdown.
 *
 * <pre>{@code
 * try (CoordinatorServer server = CoordinatorServer.builder(router, settings).store(store).pool(pool).build()
 *         .start()) {
 *     System.out.println("listening on " + server.port());
 *     server.awaitClose();
 * }
 * }</pre>
 *
 * <p>Routing is stateless: every answer depends only on the request and the loaded router, so replicas behind any
 * load balancer answer alike. The only shared state is the checkpoint store.
 */
public final class CoordinatorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorServer.class);

    private static final String STARTED = "trinity.started";
    private static final String ERROR_WRITTEN = "trinity.error";

    private final LoadedRouter router;
    private final ServeSettings settings;
    private final CheckpointStore store;
    private final boolean closeRouter;
    private final ObjectMapper json = new ObjectMapper();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BearerToken token;
    private final RouteBatcher batcher;
    private final RouteApi routes;
    private final CheckpointApi checkpoints;
    private final RunApi runs;
    private final TrainingSocket training;
    private final Javalin app;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    private CoordinatorServer(Builder b) {
        this.router = b.router;
        this.settings = b.settings;
        this.store = b.store;
        this.closeRouter = b.closeRouter;
        this.token = BearerToken.of(settings.token());
        CoordinatorMetrics metrics = new CoordinatorMetrics();
        metrics.bindTo(registry);
        Gauge.builder("coordinator.serve.requests.active", inFlight, AtomicInteger::get)
                .description("HTTP requests being served now").register(registry);
        ServerMeters.prefixCache(registry, router.extractor().model());
        this.batcher = new RouteBatcher(router.conversationRouter(), router.routingOptions(), settings.maxBatch(),
                settings.batchWaitMs(), registry);
        this.routes = new RouteApi(json, router, batcher);
        this.checkpoints = new CheckpointApi(json, store);
        this.runs = new RunApi(json, router, b.pool, metrics);
        this.training = new TrainingSocket(json, store, b.trainingRouters, settings.trainDir(), settings.allowLive(),
                registry);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(settings.maxBodyBytes());
                factory.setIdleTimeout(Duration.ofHours(1));
            });
            config.routes.before(this::before);
            config.routes.wsBeforeUpgrade(this::authorize);
            config.routes.after(this::after);
            config.routes.get("/healthz", ctx -> ctx.json(object().put("status", "ok")));
            config.routes.get("/readyz", this::ready);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            config.routes.post("/v1/route", ctx -> send(ctx, 200, routes.route(body(ctx))));
            config.routes.post("/v1/runs", ctx -> send(ctx, 200, runs.run(body(ctx))));
            config.routes.get("/api/workflows/{workflow_id}/agentensor/checkpoints", ctx -> send(ctx, 200,
                    checkpoints.list(ctx.pathParam("workflow_id"), ctx.queryParam("limit"))));
            config.routes.get("/api/workflows/{workflow_id}/agentensor/checkpoints/{checkpoint_id}", ctx -> send(ctx,
                    200, checkpoints.get(ctx.pathParam("workflow_id"), ctx.pathParam("checkpoint_id"))));
            config.routes.ws("/ws/workflow/{workflow_id}", ws -> {
                ws.onConnect(training::onConnect);
                ws.onMessage(training::onMessage);
                ws.onClose(training::onClose);
                ws.onError(ctx -> LOG.debug("training socket {}: {}", ctx.sessionId(),
                        ctx.error() == null ? "error" : ctx.error().getMessage()));
            });
            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    e.getStatus() == 404 ? "no such endpoint: " + ctx.method() + " " + ctx.path() : e.getMessage()));
            config.routes.exception(CheckpointStoreException.class, (e, ctx) -> {
                LOG.warn("{} {}: the checkpoint store failed: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, 503, "the checkpoint store failed: " + JsonBodies.oneLine(e));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error (" + e.getClass().getSimpleName() + "); the server log has the "
                        + "details");
            });
            config.routes.error(404, "*", ctx -> {
                if (ctx.attribute(ERROR_WRITTEN) == null) {
                    error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
        });
    }

    /**
     * A builder.
     *
     * @param router the loaded router (the server closes it, unless {@link Builder#closeRouter(boolean)} says not)
     * @param settings how to listen and behave
     * @return the builder
     */
    public static Builder builder(LoadedRouter router, ServeSettings settings) {
        return new Builder(router, settings);
    }

    /** Starts listening; returns this server. */
    public CoordinatorServer start() {
        app.start();
        LOG.info("coordinator serve: listening on http://{}:{} ({})", settings.host(), app.port(),
                token == null ? "no token" : "bearer token required");
        return this;
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** The Prometheus registry every meter of the server is in. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        try {
            closed.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---- request life cycle

    private void before(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        inFlight.incrementAndGet();
        if (shuttingDown) {
            throw new ApiError(503, "the server is shutting down");
        }
        if (!ctx.path().equals("/healthz")) {
            authorize(ctx);
        }
    }

    private void authorize(Context ctx) {
        if (token != null && !token.accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "missing or wrong bearer token: send Authorization: Bearer <token>");
        }
    }

    private void after(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        inFlight.decrementAndGet();
        ServerMeters.request(registry, ctx.method().name(), ctx.path(), ctx.statusCode(), System.nanoTime() - started);
    }

    // ---- endpoints

    private void ready(Context ctx) {
        ObjectNode body = object();
        body.put("status", "ready");
        body.put("router", router.description());
        body.put("pool", runs.poolName());
        body.put("live", runs.live());
        body.put("store", store.describe());
        String problem = null;
        try {
            Migrations.Status status = store.migrationStatus();
            if (!status.current()) {
                problem = "the checkpoint store's schema is not current (pending migrations " + status.pending()
                        + "); run 'coordinator checkpoints migrate --store URL'";
            }
        } catch (RuntimeException e) {
            problem = "the checkpoint store is unreachable: " + JsonBodies.oneLine(e);
        }
        if (shuttingDown) {
            problem = "the server is shutting down";
        }
        body.put("status", problem == null ? "ready" : "not_ready");
        if (problem != null) {
            body.put("reason", problem);
        }
        send(ctx, problem == null ? 200 : 503, body);
    }

    // ---- helpers

    private JsonNode body(Context ctx) {
        return JsonBodies.read(ctx, json, settings.maxBodyBytes());
    }

    private ObjectNode object() {
        return json.createObjectNode();
    }

    private static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private void error(Context ctx, int status, String message) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        send(ctx, status, object().put("error", message));
    }

    // ---- shutdown

    /**
     * Shuts down gracefully: stops accepting connections, lets in-flight requests finish (up to the grace), stops
     * running trainings at their next case or candidate and waits until they have written their state, then stops
     * the server and closes the batcher, the store and the model. Safe to call twice (the second call waits).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            closed.join();
            return;
        }
        try {
            long grace = settings.shutdownGraceMs();
            LOG.info("coordinator serve: shutting down ({} request(s) in flight, {} training run(s))", inFlight.get(),
                    training.active());
            shuttingDown = true;
            for (Connector connector : app.jettyServer().server().getConnectors()) {
                if (connector instanceof NetworkConnector network) {
                    network.close(); // no new connections; open ones finish what they carry
                }
            }
            long deadline = System.nanoTime() + grace * 1_000_000L;
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (inFlight.get() > 0) {
                LOG.warn("coordinator serve: {} request(s) still in flight after {} ms; stopping anyway",
                        inFlight.get(), grace);
            }
            training.shutdown(grace);
            app.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            app.stop();
        } finally {
            batcher.close(settings.shutdownGraceMs());
            closeQuietly(store, "the checkpoint store");
            if (closeRouter) {
                closeQuietly(router, "the router");
            }
            registry.close();
            LOG.info("coordinator serve: stopped");
            closed.complete(null);
        }
    }

    private static void closeQuietly(AutoCloseable closeable, String what) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", what, e.getMessage());
        }
    }

    /** Builds a {@link CoordinatorServer}. */
    public static final class Builder {
        private final LoadedRouter router;
        private final ServeSettings settings;
        private CheckpointStore store;
        private AgentPool pool;
        private TrainingSocket.RouterLoader trainingRouters;
        private boolean closeRouter = true;

        private Builder(LoadedRouter router, ServeSettings settings) {
            this.router = Objects.requireNonNull(router, "router");
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The checkpoint store of training and the checkpoint REST (the server closes it). Required. */
        public Builder store(CheckpointStore value) {
            this.store = value;
            return this;
        }

        /** The pool runs dispatch to. Required. */
        public Builder pool(AgentPool value) {
            this.pool = value;
            return this;
        }

        /**
         * Loads the router a websocket training run starts from (its config's {@code router} block). Required.
         *
         * @param value the loader; it throws a one-line exception when the router cannot be loaded
         * @return this builder
         */
        public Builder trainingRouters(Function<TrainingConfig.RouterSettings, TrainableRouter> value) {
            Objects.requireNonNull(value, "trainingRouters");
            this.trainingRouters = value::apply;
            return this;
        }

        /**
         * Whether closing the server closes the router (default true); false when the caller shares the router with
         * other servers or code and closes it itself.
         *
         * @param value whether to close it
         * @return this builder
         */
        public Builder closeRouter(boolean value) {
            this.closeRouter = value;
            return this;
        }

        /** The server, not yet started. */
        public CoordinatorServer build() {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(trainingRouters, "trainingRouters");
            return new CoordinatorServer(this);
        }
    }
}
