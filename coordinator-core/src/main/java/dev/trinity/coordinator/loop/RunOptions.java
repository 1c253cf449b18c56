package dev.trinity.coordinator.loop;

import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.budget.CostEstimator;
import dev.trinity.coordinator.trace.TraceContent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The options of one run, validated up front.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder()
 *         .maxTurns(5)
 *         .budgets(Budgets.builder().maxProviderCalls(10L).build())
 *         .listener(sink)
 *         .build();
 * }</pre>
 *
 * @param maxTurns the turn cap (0 ends at once with the seeded answer, or fails)
 * @param budgets the five budgets
 * @param costEstimator the cost estimator, or null
 * @param stopToken the Verifier's accept token
 * @param respectThinkerSuggestions whether a Thinker suggestion overrides the next turn's role
 * @param runId the run id, or null for a fresh one
 * @param traceContent hash (default) or full
 * @param listeners listeners of this run only (for example a JSONL trace file or a progress printer); one that
 *     throws is logged and ignored
 * @param redactionValues extra values scrubbed from the trace and from failure details
 */
public record RunOptions(int maxTurns, Budgets budgets, CostEstimator costEstimator, String stopToken,
                         boolean respectThinkerSuggestions, String runId, TraceContent traceContent,
                         List<RunListener> listeners, Set<String> redactionValues) {

    /** The default turn cap. */
    public static final int DEFAULT_MAX_TURNS = 5;

    /** Validates; messages name the option and the fix. */
    public RunOptions {
        if (maxTurns < 0) {
            throw new IllegalArgumentException("max_turns must be >= 0, got " + maxTurns);
        }
        Objects.requireNonNull(budgets, "budgets");
        if (stopToken == null || stopToken.isBlank()) {
            throw new IllegalArgumentException("stop_token must be a non-blank string such as ACCEPT");
        }
        if (runId != null && runId.isBlank()) {
            throw new IllegalArgumentException("run_id must not be blank; omit it for a generated id");
        }
        Objects.requireNonNull(traceContent, "traceContent");
        listeners = List.copyOf(listeners);
        redactionValues = Set.copyOf(redactionValues);
    }

    /** Defaults: 5 turns, no budgets, stop token ACCEPT, suggestions respected, hash content, no listeners. */
    public static RunOptions defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RunOptions}. */
    public static final class Builder {
        private int maxTurns = DEFAULT_MAX_TURNS;
        private Budgets budgets = Budgets.NONE;
        private CostEstimator costEstimator;
        private String stopToken = "ACCEPT";
        private boolean respectThinkerSuggestions = true;
        private String runId;
        private TraceContent traceContent = TraceContent.HASH;
        private final List<RunListener> listeners = new ArrayList<>();
        private final Set<String> redactionValues = new LinkedHashSet<>();

        private Builder() {
        }

        /** The turn cap. */
        public Builder maxTurns(int value) {
            this.maxTurns = value;
            return this;
        }

        /** The budgets. */
        public Builder budgets(Budgets value) {
            this.budgets = Objects.requireNonNull(value, "budgets");
            return this;
        }

        /** The cost estimator for {@code max_estimated_cost_usd}. */
        public Builder costEstimator(CostEstimator value) {
            this.costEstimator = value;
            return this;
        }

        /** The Verifier's accept token. */
        public Builder stopToken(String value) {
            this.stopToken = value;
            return this;
        }

        /** Whether Thinker suggestions override the next turn's role. */
        public Builder respectThinkerSuggestions(boolean value) {
            this.respectThinkerSuggestions = value;
            return this;
        }

        /** The run id (default: a fresh {@code run_<uuid>}). */
        public Builder runId(String value) {
            this.runId = value;
            return this;
        }

        /** The trace content mode. */
        public Builder traceContent(TraceContent value) {
            this.traceContent = value;
            return this;
        }

        /** Adds a listener of this run (for example a {@code JsonlTraceSink}, or a console report). */
        public Builder listener(RunListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Adds values to scrub. */
        public Builder redactionValues(Iterable<String> values) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    redactionValues.add(value.strip());
                }
            }
            return this;
        }

        /** Builds and validates the options. */
        public RunOptions build() {
            return new RunOptions(maxTurns, budgets, costEstimator, stopToken, respectThinkerSuggestions, runId,
                    traceContent, listeners, redactionValues);
        }
    }
}
