package dev.trinity.coordinator.loop;

import dev.trinity.coordinator.conversation.ConversationStore;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.provider.ProviderDispatcher;
import dev.trinity.coordinator.provider.ProviderListener;
import dev.trinity.coordinator.provider.RetryPolicy;
import dev.trinity.coordinator.provider.Sleeper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Runs the coordinator loop: per turn, route, apply a pending Thinker suggestion, gate the Verifier, inject the
 * role prompt, dispatch to the slot's provider under the budgets, store and parse the reply, trace it, and stop on
 * Verifier acceptance or at the turn cap.
 *
 * <p>Immutable and thread-safe: every run gets its own transcript, counters and tracer, so many runs can share one
 * orchestrator. Shared listeners (for example metrics) must be thread-safe.
 *
 * <pre>{@code
 * Orchestrator orchestrator = Orchestrator.builder(router, AgentPool.builder(ProviderPool.mock()).build()).build();
 * RunResult result = orchestrator.run(List.of(Message.user("What is 6 * 7?")), RunOptions.defaults());
 * }</pre>
 */
public final class Orchestrator {

    private final Router router;
    private final AgentPool pool;
    private final ProviderDispatcher dispatcher;
    private final LongSupplier nanoTime;
    private final LongSupplier epochMillis;
    private final List<RunListener> listeners;

    private Orchestrator(Builder builder) {
        this.router = builder.router;
        this.pool = builder.pool;
        this.dispatcher = builder.dispatcher.withListeners(builder.providerListeners);
        this.nanoTime = builder.nanoTime;
        this.epochMillis = builder.epochMillis;
        this.listeners = List.copyOf(builder.listeners);
    }

    /**
     * A builder.
     *
     * @param router the router
     * @param pool the bound agent pool
     * @return the builder
     */
    public static Builder builder(Router router, AgentPool pool) {
        return new Builder(router, pool);
    }

    /**
     * Runs the loop on a copy of a conversation.
     *
     * @param conversation the initial messages
     * @param options the run's options
     * @return the result; expected failures are {@link RunResult.Failure}s, never exceptions
     */
    public RunResult run(List<Message> conversation, RunOptions options) {
        return run(new ConversationStore(conversation), options);
    }

    /**
     * Runs the loop on a transcript store, appending every reply to it.
     *
     * @param store the run's transcript (not shared with another run)
     * @param options the run's options
     * @return the result
     */
    public RunResult run(ConversationStore store, RunOptions options) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(options, "options");
        List<RunListener> all = new ArrayList<>(listeners);
        all.addAll(options.listeners());
        return new LoopRun(router, pool, dispatcher, nanoTime, epochMillis, all, store, options).execute();
    }

    /** The router. */
    public Router router() {
        return router;
    }

    /** The agent pool. */
    public AgentPool pool() {
        return pool;
    }

    /** Builds an {@link Orchestrator}. */
    public static final class Builder {
        private final Router router;
        private final AgentPool pool;
        private ProviderDispatcher dispatcher = new ProviderDispatcher(RetryPolicy.builder().build(), Sleeper.SYSTEM);
        private LongSupplier nanoTime = System::nanoTime;
        private LongSupplier epochMillis = System::currentTimeMillis;
        private final List<RunListener> listeners = new ArrayList<>();
        private final List<ProviderListener> providerListeners = new ArrayList<>();

        private Builder(Router router, AgentPool pool) {
            this.router = Objects.requireNonNull(router, "router");
            this.pool = Objects.requireNonNull(pool, "pool");
        }

        /** The dispatcher (retry policy and sleeper); default: 2 retries with backoff, real sleeps. */
        public Builder dispatcher(ProviderDispatcher value) {
            this.dispatcher = Objects.requireNonNull(value, "dispatcher");
            return this;
        }

        /** The monotonic clock for budgets and latencies (default {@link System#nanoTime()}). */
        public Builder nanoTime(LongSupplier value) {
            this.nanoTime = Objects.requireNonNull(value, "nanoTime");
            return this;
        }

        /** The wall clock for trace timestamps (default {@link System#currentTimeMillis()}). */
        public Builder epochMillis(LongSupplier value) {
            this.epochMillis = Objects.requireNonNull(value, "epochMillis");
            return this;
        }

        /** Adds a listener of every run (thread-safe, for example metrics). */
        public Builder listener(RunListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Adds an observer of every provider attempt of every run (request, reply or failure, attempt number). */
        public Builder providerListener(ProviderListener value) {
            this.providerListeners.add(Objects.requireNonNull(value, "providerListener"));
            return this;
        }

        /** Builds the orchestrator. */
        public Orchestrator build() {
            return new Orchestrator(this);
        }
    }
}
