package dev.trinity.coordinator;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterLoader;
import dev.trinity.coordinator.adapted.RouterSource;
import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.budget.CostEstimator;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.loop.Orchestrator;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.loop.RunListener;
import dev.trinity.coordinator.loop.RunOptions;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.TurnRoute;
import dev.trinity.coordinator.metrics.CoordinatorMetrics;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.provider.ProviderDispatcher;
import dev.trinity.coordinator.provider.ProviderListener;
import dev.trinity.coordinator.provider.RetryPolicy;
import dev.trinity.coordinator.provider.Sleeper;
import dev.trinity.coordinator.qwen3.ComputeType;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.trace.JsonlTraceSink;
import dev.trinity.coordinator.trace.TraceContent;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The front door: one object that routes conversations with the TRINITY router and runs the coordinator loop on a
 * pool of agents. Build it once, use it from any thread, close it to free the model and the trace file.
 *
 * <pre>{@code
 * try (Coordinator coordinator = Coordinator.builder()
 *         .router(RouterSource.bundledTiny())      // or routerVector(file).withModelDir(dir), artifact(dir)
 *         .pool(AgentPool.mockTeam())              // or AgentPool.builder(ProviderPools.resolve("pool.json"))...
 *         .budgets(Budgets.builder().maxProviderCalls(10L).build())
 *         .traceFile(Path.of("run.jsonl"))
 *         .build()) {
 *     TurnRoute route = coordinator.route(List.of(Message.user("What is 17 * 24?")));
 *     RunResult result = coordinator.run("What is 17 * 24? Show the working.");
 * }
 * }</pre>
 *
 * <p>A router given as a {@link RouterSource} (or a {@link RouterLoader}) is loaded by {@link Builder#build()} and
 * closed by {@link #close()}; a {@link Router} you pass in stays yours to close.
 */
public final class Coordinator implements AutoCloseable {

    private final Router router;
    private final LoadedRouter owned;
    private final AgentPool pool;
    private final Orchestrator orchestrator;
    private final JsonlTraceSink trace;
    private final RunOptions runDefaults;

    private Coordinator(Builder builder, RunOptions runDefaults, Router router, LoadedRouter owned,
                        JsonlTraceSink trace) {
        this.router = router;
        this.owned = owned;
        this.pool = builder.pool;
        this.trace = trace;
        this.runDefaults = runDefaults;
        if (pool == null) {
            this.orchestrator = null;
            return;
        }
        Orchestrator.Builder loop = Orchestrator.builder(router, pool)
                .dispatcher(new ProviderDispatcher(builder.retryPolicy, Sleeper.SYSTEM));
        if (trace != null) {
            loop.listener(trace);
        }
        if (builder.meterRegistry != null) {
            CoordinatorMetrics metrics = new CoordinatorMetrics();
            metrics.bindTo(builder.meterRegistry);
            loop.listener(metrics);
        }
        builder.listeners.forEach(loop::listener);
        builder.providerListeners.forEach(loop::providerListener);
        this.orchestrator = loop.build();
    }

    /**
     * A builder; a router is required, a pool only to run the loop.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Routes one conversation: the agent slot and role the router picks for its next turn.
     *
     * @param conversation the messages, at least one
     * @return the decision, with logits and margins
     */
    public TurnRoute route(List<Message> conversation) {
        return router.route(conversation);
    }

    /**
     * Routes many conversations; the Qwen3 router does them in one batched forward pass.
     *
     * @param conversations the conversations, each at least one message
     * @return one decision per conversation, in order
     */
    public List<TurnRoute> routeAll(List<List<Message>> conversations) {
        return router.routeAll(conversations);
    }

    /**
     * Runs the loop on one user message, with the builder's turn cap, budgets and trace content.
     *
     * @param task the user message
     * @return the result; expected failures are {@link RunResult.Failure}s, never exceptions
     * @throws IllegalStateException when the coordinator was built without a pool
     */
    public RunResult run(String task) {
        return run(List.of(Message.user(task)));
    }

    /**
     * Runs the loop on a conversation, with the builder's turn cap, budgets and trace content.
     *
     * @param conversation the initial messages
     * @return the result
     * @throws IllegalStateException when the coordinator was built without a pool
     */
    public RunResult run(List<Message> conversation) {
        return run(conversation, runDefaults);
    }

    /**
     * Runs the loop with options of its own (the builder's listeners, trace file and metrics still apply).
     *
     * @param conversation the initial messages
     * @param options this run's options (turn cap, budgets, run id, listeners, ...)
     * @return the result
     * @throws IllegalStateException when the coordinator was built without a pool
     */
    public RunResult run(List<Message> conversation, RunOptions options) {
        if (orchestrator == null) {
            throw new IllegalStateException("this coordinator has no agent pool, so it can route but not run; build "
                    + "it with pool(AgentPool.mockTeam()) or pool(AgentPool.builder(pool)...build())");
        }
        return orchestrator.run(conversation, options);
    }

    /** The router (a {@link LoadedRouter} when the coordinator loaded it). */
    public Router router() {
        return router;
    }

    /** The agent pool, or null when the coordinator only routes. */
    public AgentPool pool() {
        return pool;
    }

    /** Closes what the coordinator opened: the router it loaded, then the trace file. */
    @Override
    public void close() {
        try {
            if (owned != null) {
                owned.close();
            }
        } finally {
            if (trace != null) {
                trace.close();
            }
        }
    }

    /** Builds a {@link Coordinator}. */
    public static final class Builder {
        private RouterLoader.Builder loader;
        private Router router;
        private AgentPool pool;
        private final RunOptions.Builder runDefaults = RunOptions.builder();
        private Path traceFile;
        private MeterRegistry meterRegistry;
        private RetryPolicy retryPolicy = RetryPolicy.builder().build();
        private final List<RunListener> listeners = new ArrayList<>();
        private final List<ProviderListener> providerListeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * The router to load: the bundled tiny demo, a router vector or a bundle (the coordinator owns it).
         *
         * @param source the source
         * @return this builder
         */
        public Builder router(RouterSource source) {
            this.loader = RouterLoader.builder().setSource(source);
            this.router = null;
            return this;
        }

        /**
         * The router to load, with every loading setting (the coordinator owns it).
         *
         * @param value the loader
         * @return this builder
         */
        public Builder router(RouterLoader value) {
            this.loader = value.toBuilder();
            this.router = null;
            return this;
        }

        /**
         * A router you made and keep closing yourself (a {@link LoadedRouter}, a remote or a scripted router).
         *
         * @param value the router
         * @return this builder
         */
        public Builder router(Router value) {
            this.router = Objects.requireNonNull(value, "router");
            this.loader = null;
            return this;
        }

        /**
         * Where the loaded router's model runs (default auto: CUDA when libtorch sees a GPU).
         *
         * @param value the device
         * @return this builder
         */
        public Builder device(DeviceSpec value) {
            loader().optDevice(value);
            return this;
        }

        /**
         * The loaded router's compute dtype (default fp32; fp16 only on a GPU).
         *
         * @param value the dtype
         * @return this builder
         */
        public Builder computeType(ComputeType value) {
            loader().optComputeType(value);
            return this;
        }

        /**
         * libtorch's intra-op threads for the loaded router (default: libtorch's choice).
         *
         * @param value the thread count
         * @return this builder
         */
        public Builder threads(int value) {
            loader().optThreads(value);
            return this;
        }

        /**
         * How the loaded router turns logits into a decision (default argmax).
         *
         * @param value argmax, softmax or sample (with a seed)
         * @return this builder
         */
        public Builder routing(RoutingOptions value) {
            loader().optRouting(value);
            return this;
        }

        /**
         * The agents: the pool bound to providers and credentials (needed by {@code run}, not by {@code route}).
         *
         * @param value the pool
         * @return this builder
         */
        public Builder pool(AgentPool value) {
            this.pool = Objects.requireNonNull(value, "pool");
            return this;
        }

        /**
         * The turn cap of {@code run} (default 5).
         *
         * @param value the cap, 0 or more
         * @return this builder
         */
        public Builder maxTurns(int value) {
            runDefaults.maxTurns(value);
            return this;
        }

        /**
         * The budgets of {@code run} (default none).
         *
         * @param value the budgets
         * @return this builder
         */
        public Builder budgets(Budgets value) {
            runDefaults.budgets(value);
            return this;
        }

        /**
         * Prices dispatches for the cost budget (for example {@code PoolCostEstimator.of(pool)}).
         *
         * @param value the estimator
         * @return this builder
         */
        public Builder costEstimator(CostEstimator value) {
            runDefaults.costEstimator(value);
            return this;
        }

        /**
         * Appends every run's JSONL trace to this file (opened by {@link #build()}, closed with the coordinator).
         *
         * @param value the file; parent folders are created
         * @return this builder
         */
        public Builder traceFile(Path value) {
            this.traceFile = Objects.requireNonNull(value, "traceFile");
            return this;
        }

        /**
         * How much text {@code run}'s trace carries (default hashes only).
         *
         * @param value hash or full
         * @return this builder
         */
        public Builder traceContent(TraceContent value) {
            runDefaults.traceContent(Objects.requireNonNull(value, "traceContent"));
            return this;
        }

        /**
         * Adds an observer of every run's events.
         *
         * @param value the listener (thread-safe when runs are concurrent)
         * @return this builder
         */
        public Builder listener(RunListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Adds an observer of every provider attempt (request, reply or failure, attempt number).
         *
         * @param value the listener
         * @return this builder
         */
        public Builder providerListener(ProviderListener value) {
            this.providerListeners.add(Objects.requireNonNull(value, "providerListener"));
            return this;
        }

        /**
         * Publishes the coordinator's metrics to this registry ({@link CoordinatorMetrics}).
         *
         * @param value your registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /**
         * How failed provider calls are retried (default 2 retries with backoff, honouring Retry-After).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        private RouterLoader.Builder loader() {
            if (loader == null) {
                throw new IllegalStateException("device, dtype, threads and routing apply to a router the "
                        + "coordinator loads: call router(RouterSource) first (a Router you pass in is already "
                        + "loaded)");
            }
            return loader;
        }

        /**
         * Opens the trace file, then loads the router (when given as a source).
         *
         * @return the coordinator
         * @throws IOException when the trace file cannot be written, or a router file is missing or broken
         * @throws IllegalStateException when no router was given
         */
        public Coordinator build() throws IOException {
            if (loader == null && router == null) {
                throw new IllegalStateException("a coordinator needs a router: router(RouterSource.bundledTiny()), "
                        + "router(RouterSource.routerVector(file)) or router(yourRouter)");
            }
            RunOptions defaults = runDefaults.build(); // an invalid turn cap fails before any loading
            JsonlTraceSink trace = traceFile == null ? null : JsonlTraceSink.of(traceFile).open();
            try {
                LoadedRouter owned = loader == null ? null : loader.build().load();
                return new Coordinator(this, defaults, owned != null ? owned : router, owned, trace);
            } catch (IOException | RuntimeException e) {
                if (trace != null) {
                    trace.close();
                }
                throw e;
            }
        }
    }
}
